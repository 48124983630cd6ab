package io.streamlearn.features.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.flink.FeatureJobIT;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Point-in-time correctness end to end, on Flink reading Kafka: a fraud's label, read before a
 * later transaction of its terminal but known only after it, never counts for that transaction's
 * risk, in either emit mode. On watermark it also counts, deterministically, for a transaction
 * after the label time; on arrival that depends on the label's outcome reaching the terminal stage
 * before that transaction, which two independent paths do not guarantee (docs/FEATURES.md,
 * "Ordering and determinism").
 */
@ExtendWith(EmbeddedStackExtension.class)
class PointInTimeIT {

  private static final long DAY = 86_400_000L;
  private static final long T0 = Instant.parse("2018-04-02T10:00:00Z").toEpochMilli();

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aLabelReadEarlyButKnownLaterNeverLeaksIntoAnEarlierTransaction(
      EmitMode mode, TestStack stack) throws Exception {
    FeatureStageSettings settings = FeatureStageSettings.defaults().withEmitMode(mode);
    TransactionEvent fraud = new TransactionEvent("A", T0, "c1", "T", 300.0);
    LabelEvent label = new LabelEvent("A", true, T0 + 10 * DAY);
    TransactionEvent before = new TransactionEvent("B", T0 + 8 * DAY, "c2", "T", 20.0);
    TransactionEvent after = new TransactionEvent("C", T0 + 11 * DAY, "c3", "T", 20.0);
    // the label is read first of all: its topic is written first and the job reads it at once
    BrokerTopics topics = new BrokerTopics(stack, 1);
    topics.produce(List.of(new FeatureInput.Label(label)));
    topics.produce(
        List.of(
            new FeatureInput.Transaction(fraud),
            new FeatureInput.Transaction(before),
            new FeatureInput.Transaction(after)));

    FeatureJobIT.run(stack, settings, topics, 1);

    Map<String, FeatureVector> vectors =
        topics.vectors(3, Duration.ofSeconds(60)).stream()
            .collect(Collectors.toMap(FeatureVector::getTransactionId, Function.identity()));
    Map<String, Double> b = vectors.get("B").getFeatures();
    Map<String, Double> c = vectors.get("C").getFeatures();
    assertThat(b.get("TERMINAL_ID_NB_TX_7DAY_WINDOW")).isEqualTo(1.0);
    assertThat(b.get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(0.0);
    assertThat(c.get("TERMINAL_ID_NB_TX_7DAY_WINDOW")).isEqualTo(1.0);
    if (mode == EmitMode.ON_ARRIVAL) {
      return; // C's risk depends on the race described above
    }
    assertThat(c.get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(1.0);
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(),
            settings.streamSettings(),
            List.of(
                new FeatureInput.Transaction(fraud),
                new FeatureInput.Transaction(before),
                new FeatureInput.Label(label),
                new FeatureInput.Transaction(after)));
    ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors.values());
  }
}
