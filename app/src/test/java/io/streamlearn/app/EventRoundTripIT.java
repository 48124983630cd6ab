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
import io.streamlearn.monitoring.avro.MonitoredPrediction;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
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
    String topic = stack.createTopic("predictions");
    Prediction prediction = EventContracts.prediction();
    stack.produce(topic, "tx-1", prediction);

    List<MonitoredPrediction> views =
        stack.consumeValues(topic, MonitoredPrediction.class, 1, TIMEOUT);

    // written with the model's schema, resolved by id to monitoring's (an alias of Prediction)
    assertThat(stack.registryClient().latestVersion(topic + "-value").schema())
        .isEqualTo(Prediction.getClassSchema());
    MonitoredPrediction view = views.get(0);
    assertThat(view.getEventTime()).isEqualTo(prediction.getEventTime());
    assertThat(view.getScore()).isEqualTo(0.83);
    assertThat(view.getIngestTime()).isEqualTo(prediction.getIngestTime());
    assertThat(view.getPredictedAt()).isEqualTo(prediction.getPredictedAt());
    assertThat(MonitoredPrediction.getClassSchema().getFields())
        .hasSizeLessThan(Prediction.getClassSchema().getFields().size());
  }
}
