package io.streamlearn.features.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.ExpectedDeadLetters;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.SimulatedInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedStackExtension.class)
@SuppressWarnings("try") // the running application is closed by try-with-resources, unused inside
public class FeatureTopologyIT {

  @TempDir Path stateDir;

  /** Starts the production topology on the broker, its state in {@code stateDir}. */
  public static KafkaStreams start(
      TestStack stack, FeatureStageSettings settings, BrokerTopics topics, Path stateDir) {
    Properties properties = new Properties();
    properties.putAll(stack.streamsProperties("features"));
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.putAll(FeatureTopology.config(settings));
    KafkaStreams streams =
        new KafkaStreams(
            FeatureTopology.build(
                settings,
                topics.topics(),
                Map.of("schema.registry.url", stack.schemaRegistryUrl()),
                new SimpleMeterRegistry()),
            properties);
    streams.start();
    return streams;
  }

  @Test
  void theTopologyOnTheBrokerComputesTheReferenceFeaturesAndDeadLettersABadRecord(TestStack stack) {
    FeatureStageSettings settings = FeatureStageSettings.defaults();
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 21L);
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produceRawTransaction(
        "broken", "not avro".getBytes(StandardCharsets.UTF_8), 1_522_540_800_000L);
    topics.produce(inputs.inStreamOrder());
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());

    try (KafkaStreams streams = start(stack, settings, topics, stateDir)) {
      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(180));

      ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
      assertThat(topics.letters())
          .containsExactly(
              new ExpectedDeadLetters.Letter(
                  topics.topics().deadLetterTopic(topics.topics().transactions()),
                  topics.topics().transactions(),
                  "broken",
                  "UNKNOWN_MAGIC_BYTE"));
    }
  }

  @Test
  void exactlyOnceWritesEachVectorOnceInCommittedTransactions(TestStack stack) {
    FeatureStageSettings settings =
        FeatureStageSettings.defaults().withGuarantee(Guarantee.EXACTLY_ONCE);
    SimulatedInputs inputs = SimulatedInputs.of(40, 9, 22L);
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produce(inputs.inStreamOrder());
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());

    try (KafkaStreams streams = start(stack, settings, topics, stateDir)) {
      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(180));

      ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
      assertThat(topics.letters()).isEmpty();
    }
  }
}
