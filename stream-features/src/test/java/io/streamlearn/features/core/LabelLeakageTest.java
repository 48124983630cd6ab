package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.hours;
import static io.streamlearn.features.core.Inputs.label;
import static io.streamlearn.features.core.Inputs.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.LocalFeaturePipeline.Storage;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time correctness of the delay-shifted terminal risk of the default spec: a label counts
 * only for transactions at or after its label time, whatever the order labels arrive in.
 */
class LabelLeakageTest {

  private static final FeaturePlan PLAN = FeaturePlan.compile(TestSpecs.fraudBaseline());

  // A fraud at terminal T1 on day 0, labelled on day 9. B (day 8.5) and C (day 9.5) both have A
  // in their 7-day risk window that ends 7 days before them; only C may know A's label.
  private static final FeatureInput A = tx("A", T0 + hours(12), "C1", "T1", 100);
  private static final FeatureInput B = tx("B", T0 + days(8) + hours(12), "C2", "T1", 20);
  private static final FeatureInput C = tx("C", T0 + days(9) + hours(12), "C3", "T1", 30);
  private static final FeatureInput LABEL_A = label("A", true, T0 + days(9));

  private static Map<String, TransactionFeatures> run(List<FeatureInput> arrivals) {
    FeatureRun run = LocalFeaturePipeline.run(PLAN, Storage.OBJECTS, arrivals);
    assertThat(run.rejections()).isEmpty();
    return run.vectors().stream()
        .collect(Collectors.toMap(TransactionFeatures::transactionId, Function.identity()));
  }

  @Test
  void aLabelDoesNotCountForTransactionsBeforeItsLabelTime() {
    Map<String, TransactionFeatures> vectors = run(List.of(A, B, LABEL_A, C));

    assertThat(vectors.get("B").features().get("TERMINAL_ID_NB_TX_7DAY_WINDOW")).isEqualTo(1);
    // with leakage this would be 1.0: A is in B's window and is a known fraud by now
    assertThat(vectors.get("B").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(0);
    assertThat(vectors.get("C").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(1);
  }

  @Test
  void aLabelArrivingBeforeEarlierTransactionsStillDoesNotCountForThem() {
    // the label is received before B although its label time is after B's event time
    Map<String, TransactionFeatures> early = run(List.of(A, LABEL_A, B, C));
    Map<String, TransactionFeatures> inOrder = run(List.of(A, B, LABEL_A, C));

    assertThat(early.get("B").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(0);
    assertThat(early).isEqualTo(inOrder);
  }

  @Test
  void aLabelKnownExactlyAtTheTransactionTimeCounts() {
    FeatureInput atLabelTime = tx("D", T0 + days(9), "C4", "T1", 40);

    Map<String, TransactionFeatures> vectors = run(List.of(A, LABEL_A, atLabelTime));

    assertThat(vectors.get("D").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(1);
  }

  @Test
  void aLabelThatArrivesBeforeItsTransactionIsJoinedWhenTheTransactionArrives() {
    Map<String, TransactionFeatures> vectors = run(List.of(LABEL_A, A, B, C));

    assertThat(vectors.get("B").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(0);
    assertThat(vectors.get("C").features().get("TERMINAL_ID_RISK_7DAY_WINDOW")).isEqualTo(1);
  }

  @Test
  void theReferenceAgreesOnEveryArrivalOrder() {
    for (List<FeatureInput> arrivals :
        List.of(List.of(A, B, LABEL_A, C), List.of(A, LABEL_A, B, C), List.of(LABEL_A, A, B, C))) {
      RunComparison.assertSameRun(
          PLAN.spec(),
          ReferenceFeatures.run(PLAN.spec(), PLAN.settings(), arrivals),
          LocalFeaturePipeline.run(PLAN, Storage.BYTES, arrivals));
    }
  }

  @Test
  void aLabelLaterThanTheAllowedLatenessIsRejectedNotApplied() {
    // C at day 9 12:00 was already computed; the default lateness is 1 hour
    FeatureInput lateLabel = label("A", true, T0 + days(9) + hours(11) - 1);

    FeatureRun run = LocalFeaturePipeline.run(PLAN, Storage.OBJECTS, List.of(A, C, lateLabel));

    assertThat(run.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(Rejection.Reason.LATE_LABEL);
              assertThat(r.stage()).isEqualTo("terminalId");
              assertThat(r.transactionId()).isEqualTo("A");
            });
  }
}
