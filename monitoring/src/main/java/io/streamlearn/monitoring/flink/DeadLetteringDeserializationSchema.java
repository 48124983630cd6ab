package io.streamlearn.monitoring.flink;

import io.streamlearn.monitoring.avro.StageEvents;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.flink.AvroKafkaRecordDeserializationSchema;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code KafkaSource} deserializer of the monitoring job: decodes each record with the
 * platform's {@link AvroKafkaRecordDeserializationSchema} and checks it can be observed ({@link
 * StageEvents#check}); a record that cannot be read becomes a {@link DeadLetterRecord} (its bytes
 * untouched, the {@code dlq.*} envelope added) instead of failing the job, and the job routes it to
 * {@code <topic>.dlq}. An unreachable registry still fails: the record is probably fine, and the
 * job resumes from its checkpoint once the registry is back.
 *
 * @param <T> the record type
 */
public final class DeadLetteringDeserializationSchema<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<T, DeadLetterRecord>> {

  private static final long serialVersionUID = 1L;

  private final AvroKafkaRecordDeserializationSchema<T> avro;
  private final String stage;

  private DeadLetteringDeserializationSchema(
      AvroKafkaRecordDeserializationSchema<T> avro, String stage) {
    this.avro = avro;
    this.stage = stage;
  }

  /**
   * Reads a topic of a generated class.
   *
   * @param type the generated class (its schema is the reader schema)
   * @param topic the topic, for messages
   * @param properties the serde properties
   */
  public static <T extends SpecificRecordBase> DeadLetteringDeserializationSchema<T> forSpecific(
      Class<T> type, String topic, Map<String, ?> properties) {
    return new DeadLetteringDeserializationSchema<>(
        AvroKafkaRecordDeserializationSchema.forSpecific(type, topic, properties),
        "flink:monitoring/" + topic + "-source");
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    avro.open(context);
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<T, DeadLetterRecord>> out)
      throws IOException {
    List<T> values = new ArrayList<>(1);
    try {
      avro.deserialize(
          record,
          new Collector<>() {
            @Override
            public void collect(T value) {
              StageEvents.check(value);
              values.add(value);
            }

            @Override
            public void close() {}
          });
    } catch (IOException | RuntimeException e) {
      AvroSerdeException serde = AvroSerdeException.findIn(e);
      if (serde != null && serde.isTransient()) {
        throw e;
      }
      Throwable described = serde != null ? serde.at(record.partition(), record.offset()) : e;
      out.collect(
          Either.Right(
              DeadLetterRecord.of(
                  DeadLetter.of(record).error(described).stage(stage).toProducerRecord())));
      return;
    }
    for (T value : values) {
      out.collect(Either.Left(value));
    }
  }

  @Override
  public TypeInformation<Either<T, DeadLetterRecord>> getProducedType() {
    return new EitherTypeInfo<>(avro.getProducedType(), TypeInformation.of(DeadLetterRecord.class));
  }
}
