package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.ExpectedDeadLetters;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.SimulatedInputs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
public class FeatureJobIT {

  /** Runs the job on a local MiniCluster until its bounded sources are read. */
  public static void run(
      TestStack stack, FeatureStageSettings settings, BrokerTopics topics, int parallelism)
      throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
    KafkaConnection kafka =
        new KafkaConnection(
                stack.bootstrapServers(),
                stack.uniqueName("features-job"),
                Map.of(),
                Map.of("schema.registry.url", stack.schemaRegistryUrl()),
                false)
            .boundedAtStart();
    FeatureJob.onKafka(settings, topics.topics(), kafka).execute(env);
  }

  @Test
  void onWatermarkTheJobReadsSeveralPartitionsAndComputesTheReferenceFeatures(TestStack stack)
      throws Exception {
    FeatureStageSettings settings =
        FeatureStageSettings.defaults().withEmitMode(EmitMode.ON_WATERMARK);
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 31L);
    BrokerTopics topics = new BrokerTopics(stack, 3);
    topics.produceRawTransaction(
        "broken", "not avro".getBytes(StandardCharsets.UTF_8), 1_522_540_800_000L);
    topics.produce(inputs.inStreamOrder());
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());

    run(stack, settings, topics, 2);

    List<FeatureVector> vectors =
        topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
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
