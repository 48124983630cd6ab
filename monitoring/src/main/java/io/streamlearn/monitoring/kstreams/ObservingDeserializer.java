package io.streamlearn.monitoring.kstreams;

import io.streamlearn.monitoring.avro.StageEvents;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.monitoring.metrics.StageMetrics;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Wraps an input topic's Avro deserializer: checks that the decoded record can be observed ({@link
 * StageEvents#check}) and counts the records that cannot be read, which Kafka Streams then hands to
 * the dead-letter handler ({@code outcome=dlq}). An unreachable registry is not counted: the
 * handler stops rather than dead-letter a record that is probably fine.
 */
final class ObservingDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  private final Deserializer<T> delegate;
  private final StageInput input;
  private final StageMetrics metrics;

  ObservingDeserializer(Deserializer<T> delegate, StageInput input, StageMetrics metrics) {
    this.delegate = delegate;
    this.input = input;
    this.metrics = metrics;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    delegate.configure(configs, isKey);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return checked(() -> delegate.deserialize(topic, data));
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    return checked(() -> delegate.deserialize(topic, headers, data));
  }

  private T checked(java.util.function.Supplier<T> decode) {
    try {
      T value = decode.get();
      if (value != null) {
        StageEvents.check(value);
      }
      return value;
    } catch (RuntimeException e) {
      AvroSerdeException serde = AvroSerdeException.findIn(e);
      if (serde == null || !serde.isTransient()) {
        metrics.deadLettered(input);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
