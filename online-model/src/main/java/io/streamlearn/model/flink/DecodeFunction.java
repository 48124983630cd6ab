package io.streamlearn.model.flink;

import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.DirectDeserializer;
import io.streamlearn.platform.serde.WireDecoder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes raw records of one topic into a generated Avro class. A record that cannot be decoded
 * goes to {@link #DEAD_LETTERS} with the reason ({@code UNKNOWN_MAGIC_BYTE}, {@code TRUNCATED},
 * ...), never failing the job; a tombstone is counted ({@code tombstonesSkipped}) and skipped: an
 * event topic has no deletions. One failure is not dead-lettered: an unreachable registry says
 * nothing about the record, so the job fails and resumes from its last checkpoint once restarted.
 *
 * @param <T> the decoded type
 */
public final class DecodeFunction<T extends SpecificRecord> extends ProcessFunction<RawRecord, T> {

  private static final long serialVersionUID = 1L;

  /** The dead-letter output of every decoder of the job. */
  public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
      new OutputTag<>("dead-letters") {
        private static final long serialVersionUID = 1L;
      };

  private final Class<T> type;
  private final HashMap<String, String> serdeConfig;
  private final String stage;
  private final WireDecoder<T> direct;
  private transient Deserializer<T> deserializer;
  private transient Counter deadLettered;
  private transient Counter tombstones;

  /**
   * @param type the generated class
   * @param serdeConfig the serde properties ({@code schema.registry.url}, ...)
   * @param stage the stage named in the dead-letter envelope, e.g. {@code
   *     flink:model/decode-features}
   */
  public DecodeFunction(Class<T> type, Map<String, ?> serdeConfig, String stage) {
    this(type, serdeConfig, stage, null);
  }

  /**
   * As {@link #DecodeFunction(Class, Map, String)}, reading the records written with {@code
   * direct}'s schema with that decoder ({@link DirectDeserializer}), the others with Avro.
   *
   * @param direct the direct decoder, or null for none
   */
  public DecodeFunction(
      Class<T> type, Map<String, ?> serdeConfig, String stage, WireDecoder<T> direct) {
    this.direct = direct;
    this.type = type;
    this.serdeConfig = new HashMap<>();
    serdeConfig.forEach((k, v) -> this.serdeConfig.put(k, String.valueOf(v)));
    this.stage = stage;
  }

  @Override
  public void open(OpenContext context) {
    AvroDeserializer<T> avro = AvroDeserializer.forSpecific(type).configured(serdeConfig, false);
    deserializer = direct == null ? avro : new DirectDeserializer<>(avro, direct);
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
    tombstones = getRuntimeContext().getMetricGroup().counter("tombstonesSkipped");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    if (raw.value == null) {
      tombstones.inc();
      return;
    }
    T decoded;
    try {
      decoded = deserializer.deserialize(raw.topic, raw.value);
    } catch (AvroSerdeException e) {
      if (e.isTransient()) {
        throw e;
      }
      AvroSerdeException located = e.at(raw.partition, raw.offset);
      deadLetter(ctx, raw, e.reason().name(), located.getMessage(), e.getClass().getName());
      return;
    } catch (RuntimeException e) {
      deadLetter(
          ctx, raw, "PROCESSING_FAILED", String.valueOf(e.getMessage()), e.getClass().getName());
      return;
    }
    out.collect(decoded);
  }

  private void deadLetter(
      Context ctx, RawRecord raw, String reason, String message, String errorClass) {
    deadLettered.inc();
    ctx.output(DEAD_LETTERS, new DeadLetterRecord(raw, reason, message, errorClass, stage));
  }
}
