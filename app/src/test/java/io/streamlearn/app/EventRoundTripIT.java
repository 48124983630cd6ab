package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.monitoring.avro.DriftAlert;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every event contract of every module through the embedded broker and registry with the platform's
 * serdes: what one module writes, another reads back equal.
 */
@ExtendWith(EmbeddedStackExtension.class)
class EventRoundTripIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static <V extends SpecificRecord> void assertRoundTrip(
      TestStack stack, String topicPrefix, String key, V event, Class<V> type) {
    String topic = stack.createTopic(topicPrefix);

    stack.produce(topic, key, event);

    assertThat(stack.consumeValues(topic, type, 1, TIMEOUT)).containsExactly(event);
    assertThat(stack.registryClient().latestVersion(topic + "-value").schema())
        .isEqualTo(event.getSchema());
  }

  @Test
  void shouldRoundTripTransactions(TestStack stack) {
    assertRoundTrip(stack, "transactions", "tx-1", EventContracts.transaction(), Transaction.class);
  }

  @Test
  void shouldRoundTripLabels(TestStack stack) {
    assertRoundTrip(stack, "labels", "tx-1", EventContracts.label(), Label.class);
  }

  @Test
  void shouldRoundTripFeatureVectors(TestStack stack) {
    assertRoundTrip(stack, "features", "tx-1", EventContracts.featureVector(), FeatureVector.class);
  }

  @Test
  void shouldRoundTripPredictions(TestStack stack) {
    assertRoundTrip(stack, "predictions", "tx-1", EventContracts.prediction(), Prediction.class);
  }

  @Test
  void shouldRoundTripModelSnapshotsOnACompactedTopic(TestStack stack) {
    String topic = stack.createCompactedTopic("model-snapshots");
    ModelSnapshot snapshot = EventContracts.modelSnapshot();

    stack.produce(topic, "fraud-lr", snapshot);

    assertThat(stack.consumeValues(topic, ModelSnapshot.class, 1, TIMEOUT))
        .containsExactly(snapshot);
  }

  @Test
  void shouldRoundTripDriftAlerts(TestStack stack) {
    assertRoundTrip(stack, "alerts", "amount-ks", EventContracts.driftAlert(), DriftAlert.class);
  }

  @Test
  void shouldLetMonitoringReadPredictionsThroughItsOwnReaderSchema(TestStack stack) {
    Schema monitoringView =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "Prediction", "namespace": "io.streamlearn.model.avro",
                 "fields": [
                   {"name": "transactionId", "type": "string"},
                   {"name": "score", "type": "double"},
                   {"name": "modelVersion", "type": "long"},
                   {"name": "calibrated", "type": "boolean", "default": false}]}
                """);
    String topic = stack.createTopic("predictions");
    stack.produce(topic, "tx-1", EventContracts.prediction());

    List<ConsumerRecord<String, GenericRecord>> records;
    try (KafkaConsumer<String, GenericRecord> consumer = stack.genericConsumer(monitoringView)) {
      records = stack.consume(consumer, topic, 1, TIMEOUT);
    }

    GenericRecord view = records.get(0).value();
    assertThat(view.getSchema()).isEqualTo(monitoringView);
    assertThat(view.get("transactionId")).hasToString("tx-1");
    assertThat(view.get("score")).isEqualTo(0.83);
    assertThat(view.get("modelVersion")).isEqualTo(12L);
    assertThat(view.get("calibrated")).isEqualTo(false);
  }
}
