package io.streamlearn.features.flink;

import io.streamlearn.features.avro.SourceEventDecoder;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventWireDecoder;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.flink.AvroKafkaRecordDeserializationSchema;
import io.streamlearn.platform.serde.WriterSchemaGate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The {@code KafkaSource} deserializer of the feature job. A record written with the compiled
 * schema (a {@link WriterSchemaGate} asks the registry once per schema id) is read straight to the
 * core event by {@link EventWireDecoder}; any other record (an evolved writer schema, bytes the
 * direct decoder cannot read with certainty) goes through the platform's {@link
 * AvroKafkaRecordDeserializationSchema} for the Avro record, then {@link SourceEventDecoder} for
 * the core form. Both paths end in the same validation rules and key check. A record that cannot be
 * decoded does not fail the job: it becomes a failed {@link SourceEvent}, which the job
 * dead-letters with its bytes untouched. Only an unreachable registry fails the job (the record is
 * probably fine; the job resumes from it).
 *
 * @param <A> the Avro record type read
 */
public final class SourceEventDeserializationSchema<A extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<SourceEvent> {

  private static final long serialVersionUID = 1L;

  private final AvroKafkaRecordDeserializationSchema<A> avro;
  private final SourceEvent.Kind kind;
  private final long minTimestampMillis;
  private final long maxTimestampMillis;
  private transient SourceEventDecoder decoder;
  private transient WriterSchemaGate writtenAsCompiled;

  private SourceEventDeserializationSchema(
      AvroKafkaRecordDeserializationSchema<A> avro, SourceEvent.Kind kind, ValidationRules rules) {
    this.avro = avro;
    this.kind = kind;
    this.minTimestampMillis = rules.minTimestampMillis();
    this.maxTimestampMillis = rules.maxTimestampMillis();
  }

  /** Reads {@code Transaction} records of {@code topic}. */
  public static SourceEventDeserializationSchema<Transaction> transactions(
      String topic, Map<String, ?> serdeConfig, ValidationRules rules) {
    return new SourceEventDeserializationSchema<>(
        AvroKafkaRecordDeserializationSchema.forSpecific(
            Transaction.class, topic, new HashMap<>(serdeConfig)),
        SourceEvent.Kind.TRANSACTION,
        rules);
  }

  /** Reads {@code Label} records of {@code topic}. */
  public static SourceEventDeserializationSchema<Label> labels(
      String topic, Map<String, ?> serdeConfig, ValidationRules rules) {
    return new SourceEventDeserializationSchema<>(
        AvroKafkaRecordDeserializationSchema.forSpecific(
            Label.class, topic, new HashMap<>(serdeConfig)),
        SourceEvent.Kind.LABEL,
        rules);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    avro.open(context);
    decoder();
    gate();
  }

  private WriterSchemaGate gate() {
    if (writtenAsCompiled == null) {
      writtenAsCompiled = SourceEventDecoder.compiledSchemaGate(avro.deserializer(), kind);
    }
    return writtenAsCompiled;
  }

  private SourceEventDecoder decoder() {
    if (decoder == null) {
      decoder = new SourceEventDecoder(new ValidationRules(minTimestampMillis, maxTimestampMillis));
    }
    return decoder;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceEvent> out)
      throws IOException {
    List<OriginalRecord.Header> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new OriginalRecord.Header(header.key(), header.value()));
    }
    OriginalRecord original =
        new OriginalRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.key(),
            record.value(),
            headers);
    if (record.value() == null) {
      out.collect(decoder().missingValue(original, kind));
      return;
    }
    SourceEvent direct = decoder().direct(original, kind, gate());
    if (direct != null) {
      out.collect(direct);
      return;
    }
    List<A> decoded = new ArrayList<>(1);
    try {
      avro.deserialize(
          record,
          new Collector<>() {
            @Override
            public void collect(A value) {
              decoded.add(value);
            }

            @Override
            public void close() {}
          });
    } catch (IOException | RuntimeException undecodable) {
      out.collect(decoder().undecodable(original, kind, undecodable));
      return;
    }
    for (A value : decoded) {
      out.collect(
          kind == SourceEvent.Kind.TRANSACTION
              ? decoder().transaction(original, (Transaction) value)
              : decoder().label(original, (Label) value));
    }
  }

  @Override
  public TypeInformation<SourceEvent> getProducedType() {
    return StageTypes.SOURCE_EVENTS;
  }
}
