package io.streamlearn.features.flink;

import io.streamlearn.features.stage.SourceEvent;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The deserializer of one {@code KafkaSource} reading both inputs (the single-task plan): each
 * record goes to the deserializer of its topic, as with one source per topic.
 */
final class InputsDeserializationSchema implements KafkaRecordDeserializationSchema<SourceEvent> {

  private static final long serialVersionUID = 1L;

  private final String transactionsTopic;
  private final SourceEventDeserializationSchema<?> transactions;
  private final SourceEventDeserializationSchema<?> labels;

  InputsDeserializationSchema(
      String transactionsTopic,
      SourceEventDeserializationSchema<?> transactions,
      SourceEventDeserializationSchema<?> labels) {
    this.transactionsTopic = transactionsTopic;
    this.transactions = transactions;
    this.labels = labels;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    transactions.open(context);
    labels.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceEvent> out)
      throws IOException {
    if (record.topic().equals(transactionsTopic)) {
      transactions.deserialize(record, out);
    } else {
      labels.deserialize(record, out);
    }
  }

  @Override
  public TypeInformation<SourceEvent> getProducedType() {
    return StageTypes.SOURCE_EVENTS;
  }
}
