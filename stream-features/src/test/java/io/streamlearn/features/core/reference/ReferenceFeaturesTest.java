package io.streamlearn.features.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.StreamSettings;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference (and the core) reproduce the handbook's pandas rolling windows, computed here by
 * hand: with a 1 ms resolution a window of length w ending at t is (t - w, t], and the terminal
 * windows are shifted back by the 7-day delay, (t - 7d - w, t - 7d].
 */
class ReferenceFeaturesTest {

  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY = 86_400_000L;

  private static long day(double days) {
    return T0 + Math.round(days * DAY);
  }

  private static FeatureSpec exactBaseline() {
    FeatureSpec baseline = FeatureSpecYaml.fraudBaseline();
    return new FeatureSpec(
        baseline.name(),
        baseline.version(),
        baseline.eventTimeField(),
        baseline.entityKeys(),
        Duration.ofMillis(1),
        baseline.timeZone(),
        baseline.features());
  }

  private static List<FeatureInput> history() {
    List<FeatureInput> inputs = new ArrayList<>();
    Object[][] transactions = {
      // id, day, customer, amount, fraud, label day
      {"a", 0.5, "C1", 10.0, true, 1.5},
      {"b", 1.0, "C1", 20.0, true, 2.0}, // exactly t - 7d - 1d: outside the 1-day window
      {"c", 1.2, "C2", 30.0, false, 2.2},
      {"d", 2.0, "C2", 40.0, true, 9.0}, // exactly t - 7d, labelled exactly at t: both count
      {"e", 2.5, "C3", 50.0, false, 3.0}, // in the delay period
    };
    for (Object[] t : transactions) {
      String id = (String) t[0];
      inputs.add(
          new FeatureInput.Transaction(
              new TransactionEvent(id, day((double) t[1]), (String) t[2], "T1", (double) t[3])));
      inputs.add(new FeatureInput.Label(new LabelEvent(id, (boolean) t[4], day((double) t[5]))));
    }
    inputs.add(new FeatureInput.Transaction(new TransactionEvent("q", day(9.0), "C1", "T1", 50.0)));
    inputs.sort(FeatureInput.CANONICAL_ORDER);
    return inputs;
  }

  private static FeatureValues query(FeatureRun run) {
    return run.vectors().stream()
        .filter(v -> v.transactionId().equals("q"))
        .map(TransactionFeatures::features)
        .findFirst()
        .orElseThrow();
  }

  private static void assertHandbookValues(FeatureValues q) {
    assertThat(q.get("TX_AMOUNT")).isEqualTo(50);
    assertThat(q.get("TX_DURING_WEEKEND")).isEqualTo(0); // Wednesday 2024-01-10
    assertThat(q.get("TX_DURING_NIGHT")).isEqualTo(1); // 00:00
    assertThat(q.get("CUSTOMER_ID_NB_TX_1DAY_WINDOW")).isEqualTo(1);
    assertThat(q.get("CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW")).isEqualTo(50);
    assertThat(q.get("CUSTOMER_ID_NB_TX_7DAY_WINDOW")).isEqualTo(1);
    assertThat(q.get("CUSTOMER_ID_NB_TX_30DAY_WINDOW")).isEqualTo(3);
    assertThat(q.get("CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW")).isCloseTo(80.0 / 3, within(1e-12));
    assertThat(q.get("TERMINAL_ID_NB_TX_1DAY_WINDOW")).isEqualTo(2); // c, d
    assertThat(q.get("TERMINAL_ID_RISK_1DAY_WINDOW")).isEqualTo(0.5);
    assertThat(q.get("TERMINAL_ID_NB_TX_7DAY_WINDOW")).isEqualTo(4); // a, b, c, d
    assertThat(q.get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(0.75);
    assertThat(q.get("TERMINAL_ID_NB_TX_30DAY_WINDOW")).isEqualTo(4);
    assertThat(q.get("TERMINAL_ID_RISK_30DAY_WINDOW")).isEqualTo(0.75);
  }

  @Test
  void theReferenceReproducesTheHandbooksRollingWindowsAtMillisecondResolution() {
    FeatureSpec spec = exactBaseline();

    FeatureRun run = ReferenceFeatures.run(spec, StreamSettings.defaultsFor(spec), history());

    assertThat(run.rejections()).isEmpty();
    assertHandbookValues(query(run));
  }

  @Test
  void theCoreReproducesTheSameHandbookValues() {
    FeaturePlan plan = FeaturePlan.compile(exactBaseline());

    FeatureRun run = LocalFeaturePipeline.run(plan, LocalFeaturePipeline.Storage.BYTES, history());

    assertThat(run.rejections()).isEmpty();
    assertHandbookValues(query(run));
  }

  @Test
  void hourlyBucketsAgreeWithTheHandbookForATransactionOnTheHour() {
    FeatureSpec hourly = FeatureSpecYaml.fraudBaseline();

    FeatureRun run = ReferenceFeatures.run(hourly, StreamSettings.defaultsFor(hourly), history());

    assertHandbookValues(query(run));
  }
}
