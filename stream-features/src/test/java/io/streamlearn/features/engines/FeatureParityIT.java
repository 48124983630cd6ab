package io.streamlearn.features.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.flink.FeatureJobIT;
import io.streamlearn.features.kstreams.FeatureTopologyIT;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.SimulatedInputs;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parity proof: on 30 simulated days (the ingest simulator, 600 customers, 1,200 terminals,
 * labels 7 days after each transaction), Kafka Streams and Flink both write exactly the features of
 * {@link ReferenceFeatures}: counts equal, means within 1e-9. On watermark for any input order
 * (Flink reads three partitions with two parallel tasks); on arrival for time-ordered input read
 * from one partition by one task, where arrival order is deterministic. The single-task plan of
 * Flink ({@link EnginePlan#SINGLE_TASK}: one task reads every partition) meets the same bar.
 */
@ExtendWith(EmbeddedStackExtension.class)
@SuppressWarnings("try") // the running Kafka Streams application is closed by try-with-resources
class FeatureParityIT {

  private static final FeatureStageSettings SETTINGS = FeatureStageSettings.defaults();
  private static SimulatedInputs inputs;
  private static FeatureRun reference;

  @TempDir Path stateDir;

  @BeforeAll
  static void simulate() {
    inputs = SimulatedInputs.of(600, 30, 2018L);
    reference =
        ReferenceFeatures.run(
            SETTINGS.spec(), SETTINGS.streamSettings(), inputs.inCanonicalOrder());
    assertThat(reference.rejections()).isEmpty();
  }

  /**
   * A transaction days after the simulation, for entities of its own: on watermark, Kafka Streams
   * releases what waits only when stream time moves on.
   */
  private static FeatureInput flush() {
    long last = inputs.inStreamOrder().stream().mapToLong(FeatureInput::time).max().orElseThrow();
    return new FeatureInput.Transaction(
        new TransactionEvent("flush", last + 2 * 86_400_000L, "flush", "flush", 1.0));
  }

  private static List<FeatureVector> simulated(List<FeatureVector> vectors) {
    return vectors.stream().filter(v -> !v.getTransactionId().equals("flush")).toList();
  }

  @Test
  @Timeout(600)
  void kafkaStreamsOnWatermarkEqualsTheReference(TestStack stack) {
    FeatureStageSettings settings = SETTINGS.withEmitMode(EmitMode.ON_WATERMARK);
    BrokerTopics topics = new BrokerTopics(stack, 1);
    List<FeatureInput> withFlush = new ArrayList<>(inputs.inStreamOrder());
    withFlush.add(flush());
    topics.produce(withFlush);

    try (KafkaStreams streams = FeatureTopologyIT.start(stack, settings, topics, stateDir)) {
      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(420));

      ParityAssertions.assertMatchesReference(settings.spec(), reference, simulated(vectors));
      assertThat(topics.letters()).isEmpty();
    }
  }

  @Test
  @Timeout(600)
  void flinkOnWatermarkEqualsTheReference(TestStack stack) throws Exception {
    FeatureStageSettings settings = SETTINGS.withEmitMode(EmitMode.ON_WATERMARK);
    BrokerTopics topics = new BrokerTopics(stack, 3);
    topics.produce(inputs.inStreamOrder());

    FeatureJobIT.run(stack, settings, topics, 2);

    List<FeatureVector> vectors =
        topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
    ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
    assertThat(topics.letters()).isEmpty();
  }

  @Test
  @Timeout(600)
  void kafkaStreamsOnArrivalEqualsTheReferenceOnTimeOrderedInput(TestStack stack) {
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produce(inputs.inStreamOrder());

    try (KafkaStreams streams = FeatureTopologyIT.start(stack, SETTINGS, topics, stateDir)) {
      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(420));

      ParityAssertions.assertMatchesReference(SETTINGS.spec(), reference, vectors);
    }
  }

  @Test
  @Timeout(600)
  void flinkOnArrivalEqualsTheReferenceOnTimeOrderedInput(TestStack stack) throws Exception {
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produce(inputs.inStreamOrder());

    FeatureJobIT.run(stack, SETTINGS, topics, 1);

    List<FeatureVector> vectors =
        topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
    ParityAssertions.assertMatchesReference(SETTINGS.spec(), reference, vectors);
  }

  @Test
  @Timeout(600)
  void flinkSingleTaskOnWatermarkEqualsTheReference(TestStack stack) throws Exception {
    FeatureStageSettings settings =
        SETTINGS.withEmitMode(EmitMode.ON_WATERMARK).withPlan(EnginePlan.SINGLE_TASK);
    BrokerTopics topics = new BrokerTopics(stack, 3);
    topics.produce(inputs.inStreamOrder());

    FeatureJobIT.run(stack, settings, topics, 2);

    List<FeatureVector> vectors =
        topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
    ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
    assertThat(topics.letters()).isEmpty();
  }

  @Test
  @Timeout(600)
  void flinkSingleTaskOnArrivalEqualsTheReferenceOnTimeOrderedInput(TestStack stack)
      throws Exception {
    FeatureStageSettings settings = SETTINGS.withPlan(EnginePlan.SINGLE_TASK);
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produce(inputs.inStreamOrder());

    FeatureJobIT.run(stack, settings, topics, 1);

    List<FeatureVector> vectors =
        topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
    ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
    assertThat(topics.letters()).isEmpty();
  }
}
