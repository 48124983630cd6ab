package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.hours;
import static io.streamlearn.features.core.Inputs.minutes;
import static io.streamlearn.features.core.Inputs.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.TargetAggregate;
import io.streamlearn.features.core.spec.TargetFunction;
import io.streamlearn.features.core.spec.TimeSinceLast;
import io.streamlearn.features.core.spec.WindowAggregate;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One entity's state, feature by feature, with hand-computed values. */
class EntityStateTest {

  private static final String CUSTOMER = "customerId";

  private static WindowAggregate aggregate(
      String name, AggregateFunction function, String field, Duration window, Duration delay) {
    return new WindowAggregate(name, CUSTOMER, function, field, window, delay, -7.0);
  }

  private static FeatureSpec spec(Duration resolution, FeatureDefinition... features) {
    return new FeatureSpec(
        "unit",
        1,
        "eventTime",
        List.of(CUSTOMER, "terminalId"),
        resolution,
        ZoneOffset.UTC,
        List.of(features));
  }

  private static EntityFeatures customer(FeatureSpec spec, Duration lateness) {
    StreamSettings settings =
        new StreamSettings(lateness, StreamSettings.minimumTtl(spec, lateness));
    return FeaturePlan.compile(spec, settings).entity(CUSTOMER);
  }

  private static double[] apply(EntityState state, TransactionEvent transaction) {
    EntityUpdate update = state.onTransaction(transaction);
    assertThat(update.rejection()).isNull();
    return update.partial().values();
  }

  private static TransactionEvent tx(String id, long time, double amount) {
    return transaction(id, time, "C1", "T1", amount);
  }

  @Test
  void computesEveryAggregateOverTheEventsOfItsWindow() {
    Duration window = Duration.ofHours(3);
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("count", AggregateFunction.COUNT, null, window, null),
            aggregate("sum", AggregateFunction.SUM, "amount", window, null),
            aggregate("mean", AggregateFunction.MEAN, "amount", window, null),
            aggregate("min", AggregateFunction.MIN, "amount", window, null),
            aggregate("max", AggregateFunction.MAX, "amount", window, null),
            aggregate("std", AggregateFunction.STDDEV, "amount", window, null),
            aggregate("terminals", AggregateFunction.DISTINCT_COUNT, "terminalId", window, null));
    EntityState state = customer(spec, Duration.ZERO).newState();

    double[] first = apply(state, transaction("a", T0 + minutes(10), "C1", "T1", 10));
    apply(state, transaction("b", T0 + minutes(80), "C1", "T1", 20));
    apply(state, transaction("c", T0 + minutes(150), "C1", "T2", 30));
    double[] last = apply(state, transaction("d", T0 + minutes(220), "C1", "T1", 40));

    assertThat(first).containsExactly(1, 10, 10, 10, 10, 0, 1);
    // 03:40 sees the buckets 01:00 to 03:59: b, c and d, not a (00:10)
    assertThat(Arrays.copyOf(last, 5)).containsExactly(3, 90, 30, 20, 40);
    assertThat(last[5]).isCloseTo(Math.sqrt(200.0 / 3.0), within(1e-12));
    assertThat(last[6]).isEqualTo(2);
  }

  @Test
  void sumsAndDeviationsStayExactAfterLargeValuesLeaveTheWindow() {
    Duration window = Duration.ofHours(2);
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("sum", AggregateFunction.SUM, "amount", window, null),
            aggregate("std", AggregateFunction.STDDEV, "amount", window, null));
    EntityState state = customer(spec, Duration.ZERO).newState();
    apply(state, tx("huge", T0, 1e9 + 0.37));
    apply(state, tx("tiny", T0 + minutes(1), 1e-3));

    apply(state, tx("a", T0 + hours(2), 33.33));
    apply(state, tx("b", T0 + hours(2) + 1, 33.33));
    double[] values = apply(state, tx("c", T0 + hours(3), 33.33));

    // with plain double running sums, removing 1e9 leaves rounding noise of about 1e-7 in the
    // sum and a deviation of about 1e-2 instead of 0
    assertThat(values[0]).isEqualTo(3 * 33.33, within(1e-12));
    assertThat(values[1]).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void aWindowStartsExactlyAtABucketBoundary() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("day", AggregateFunction.COUNT, null, Duration.ofDays(1), null));
    EntityState state = customer(spec, Duration.ZERO).newState();
    long query = T0 + days(1) + hours(10.5); // day 1, 10:30: the window starts day 0, 11:00

    apply(state, tx("before", T0 + hours(11) - 1, 1));
    apply(state, tx("at", T0 + hours(11), 1));
    double[] values = apply(state, tx("query", query, 1));

    assertThat(values).containsExactly(2); // "at" and the query itself, not "before"
  }

  @Test
  void aMillisecondResolutionGivesExactHalfOpenWindows() {
    FeatureSpec spec =
        spec(
            Duration.ofMillis(1),
            aggregate("day", AggregateFunction.COUNT, null, Duration.ofDays(1), null));
    EntityState state = customer(spec, Duration.ZERO).newState();
    long query = T0 + days(2);

    apply(state, tx("exactlyOneDayBefore", query - days(1), 1));
    apply(state, tx("justInside", query - days(1) + 1, 1));
    double[] values = apply(state, tx("query", query, 1));

    assertThat(values).containsExactly(2); // (t - 1d, t]: the event at exactly t - 1d is out
  }

  @Test
  void anEventAtTheSameTimeReceivedEarlierIsInTheWindow() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("hour", AggregateFunction.COUNT, null, Duration.ofHours(1), null));
    EntityState state = customer(spec, Duration.ZERO).newState();

    double[] first = apply(state, tx("first", T0 + hours(5), 1));
    double[] second = apply(state, tx("second", T0 + hours(5), 1));

    assertThat(first).containsExactly(1);
    assertThat(second).containsExactly(2);
  }

  @Test
  void aDelayedWindowEndsTheDelayBeforeTheEventAndExcludesTheDelayPeriod() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate(
                "lagged", AggregateFunction.COUNT, null, Duration.ofDays(1), Duration.ofDays(7)));
    EntityState state = customer(spec, Duration.ZERO).newState();
    // query at day 10, 12:30 (bucket 252): window buckets 61 to 84, i.e. [day 2 13:00, day 3 13:00)
    long query = T0 + days(10) + hours(12.5);

    apply(state, tx("beforeStart", T0 + hours(61) - 1, 1));
    apply(state, tx("atStart", T0 + hours(61), 1));
    apply(state, tx("lastInside", T0 + hours(85) - 1, 1));
    apply(state, tx("inDelayPeriod", T0 + hours(85), 1));
    apply(state, tx("recent", query - hours(1), 1));
    double[] values = apply(state, tx("query", query, 1));

    assertThat(values).containsExactly(2);
  }

  @Test
  void timeSinceLastIsSecondsSinceThePreviousTransactionAtOrBeforeThisOne() {
    FeatureSpec spec = spec(Duration.ofHours(1), new TimeSinceLast("since", CUSTOMER, -1));
    EntityState state = customer(spec, Duration.ofMinutes(10)).newState();

    assertThat(apply(state, tx("a", T0 + hours(1), 1))).containsExactly(-1);
    assertThat(apply(state, tx("b", T0 + hours(1) + 90_000, 1))).containsExactly(90);
    // out of order, within the lateness: its previous transaction is a, not b
    assertThat(apply(state, tx("c", T0 + hours(1) + 30_000, 1))).containsExactly(30);
    assertThat(apply(state, tx("d", T0 + hours(1) + 90_000, 1))).containsExactly(0);
  }

  @Test
  void relativeToMeanDividesTheValueByTheWindowMeanIncludingItself() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            new RelativeToMean("relative", CUSTOMER, "amount", Duration.ofDays(1), 1.0));
    EntityState state = customer(spec, Duration.ZERO).newState();

    assertThat(apply(state, tx("a", T0, 10))).containsExactly(1.0);
    assertThat(apply(state, tx("b", T0 + hours(1), 30))).containsExactly(1.5);
    assertThat(apply(state, tx("c", T0 + hours(2), 0))).containsExactly(0.0);
  }

  @Test
  void undefinedAggregatesTakeTheirDeclaredMissingValue() {
    Duration day = Duration.ofDays(1);
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("meanScore", AggregateFunction.MEAN, "attributes.score", day, null),
            aggregate("minScore", AggregateFunction.MIN, "attributes.score", day, null),
            aggregate("stdScore", AggregateFunction.STDDEV, "attributes.score", day, null),
            aggregate("sumScore", AggregateFunction.SUM, "attributes.score", day, null),
            aggregate("scores", AggregateFunction.DISTINCT_COUNT, "attributes.score", day, null),
            new RelativeToMean("relative", CUSTOMER, "attributes.score", day, 3.0));
    EntityState state = customer(spec, Duration.ZERO).newState();

    double[] values =
        apply(state, transaction("a", T0, "C1", "T1", 5, Map.of("score", "not a number")));

    assertThat(values).containsExactly(-7, -7, -7, 0, 1, 3.0);
  }

  @Test
  void stateExpiresAfterTheTtlAndThenStartsAfresh() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("day", AggregateFunction.COUNT, null, Duration.ofDays(1), null),
            new TimeSinceLast("since", CUSTOMER, -1));
    EntityFeatures customer = customer(spec, Duration.ZERO);
    long ttl = Duration.ofDays(1).plusHours(1).toMillis();
    EntityState state = customer.newState();
    assertThat(state.isEmpty()).isTrue();

    apply(state, tx("a", T0, 1));

    assertThat(state.expiresAt()).isEqualTo(T0 + ttl);
    assertThat(state.isExpiredAt(T0 + ttl)).isFalse();
    assertThat(state.isExpiredAt(T0 + ttl + 1)).isTrue();
    assertThat(apply(state, tx("b", T0 + ttl + 1, 1))).containsExactly(1, -1);
    assertThat(state.newestTransactionTime()).isEqualTo(T0 + ttl + 1);
  }

  @Test
  void aTransactionLaterThanTheAllowedLatenessIsRejectedWithAReasonAndChangesNothing() {
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("day", AggregateFunction.COUNT, null, Duration.ofDays(1), null));
    EntityState state = customer(spec, Duration.ofMinutes(10)).newState();
    long noon = T0 + hours(12);
    apply(state, tx("noon", noon, 1));

    EntityUpdate late = state.onTransaction(tx("late", noon - minutes(10) - 1, 1));
    EntityUpdate justInTime = state.onTransaction(tx("justInTime", noon - minutes(10), 1));

    assertThat(late.isAccepted()).isFalse();
    assertThat(late.rejection().reason()).isEqualTo(Rejection.Reason.LATE_TRANSACTION);
    assertThat(late.rejection().stage()).isEqualTo(CUSTOMER);
    assertThat(late.rejection().transactionId()).isEqualTo("late");
    assertThat(late.rejection().message())
        .contains("2024-01-01T11:49:59.999Z", "2024-01-01T12:00:00Z", "customerId C1");
    // in the window of 11:50 only itself: noon is after it
    assertThat(justInTime.partial().values()).containsExactly(1);
    assertThat(apply(state, tx("after", noon + 1, 1))).containsExactly(3);
  }

  @Test
  void anOutOfOrderTransactionSeesOnlyTransactionsAtOrBeforeItsOwnTime() {
    Duration lateness = Duration.ofMinutes(30);
    FeatureSpec spec =
        spec(
            Duration.ofHours(1),
            aggregate("twoHours", AggregateFunction.COUNT, null, Duration.ofHours(2), null),
            aggregate("max", AggregateFunction.MAX, "amount", Duration.ofHours(2), null));
    EntityState state = customer(spec, lateness).newState();

    apply(state, tx("a", T0 + hours(8.5), 5));
    apply(state, tx("b", T0 + hours(10) + minutes(5), 50)); // window: buckets 9 and 10
    // arrives after b, from the previous bucket: sees a and itself, not b
    double[] outOfOrder = apply(state, tx("c", T0 + hours(9) + minutes(50), 7));
    double[] after = apply(state, tx("d", T0 + hours(10) + minutes(10), 1));

    assertThat(outOfOrder).containsExactly(2, 7);
    assertThat(after).containsExactly(3, 50); // c, b and d; a's bucket 8 has left the window
  }

  /** The kitchen sink's customer (minima, maxima and distinct counts too), 20 minutes late. */
  private static EntityFeatures kitchenSinkCustomer() {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings =
        new StreamSettings(
            Duration.ofMinutes(20), StreamSettings.minimumTtl(spec, Duration.ofMinutes(20)));
    return FeaturePlan.compile(spec, settings).entity(CUSTOMER);
  }

  /** 400 transactions of one customer over 3 days, some out of order within 20 minutes. */
  private static List<TransactionEvent> oneCustomersTransactions() {
    RandomFeatureStream stream =
        new RandomFeatureStream(
            1, 5, 3, 400, days(3), 0, 0, 0, 0, 0, minutes(20), 0.02, hours(1), false);
    return stream.arrivals(7).stream()
        .map(input -> ((FeatureInput.Transaction) input).event())
        .toList();
  }

  @Test
  void aStateRestoredFromItsBytesContinuesBitForBit() {
    EntityFeatures customer = kitchenSinkCustomer();
    EntityState kept = customer.newState();
    EntityState restored = customer.newState();

    for (TransactionEvent event : oneCustomersTransactions()) {
      EntityUpdate expected = kept.onTransaction(event);
      restored = customer.decode(restored.toBytes());
      EntityUpdate actual = restored.onTransaction(event);
      assertThat(actual).isEqualTo(expected);
      assertThat(restored.toBytes()).isEqualTo(kept.toBytes());
    }
  }

  @Test
  void aCopyContinuesBitForBitAndLeavesTheOriginalAsItWas() {
    EntityFeatures customer = kitchenSinkCustomer();
    EntityState kept = customer.newState();
    EntityState copied = customer.newState();

    for (TransactionEvent event : oneCustomersTransactions()) {
      EntityState original = copied;
      byte[] originalBytes = original.toBytes();
      copied = original.copy();
      assertThat(copied.toBytes()).isEqualTo(originalBytes);
      EntityUpdate expected = kept.onTransaction(event);
      assertThat(copied.onTransaction(event)).isEqualTo(expected);
      assertThat(copied.toBytes()).isEqualTo(kept.toBytes());
      // the original as it was, with nothing shared: the step of the copy left it alone
      assertThat(original.toBytes()).isEqualTo(originalBytes);
      EntityState decoded = customer.decode(originalBytes);
      assertThat(original.onTransaction(event)).isEqualTo(decoded.onTransaction(event));
    }
  }

  @Test
  void anEmptyStateRoundTripsThroughBytes() {
    EntityFeatures customer = customer(TestSpecs.fraudBaseline(), Duration.ZERO);

    EntityState decoded = customer.decode(customer.newState().toBytes());

    assertThat(decoded.isEmpty()).isTrue();
    assertThat(customer.newState().toBytes()).hasSize(7);
  }

  @Test
  void bytesOfAnotherSpecsStateAreRefusedWithAClearMessage() {
    EntityFeatures baseline = customer(TestSpecs.fraudBaseline(), Duration.ZERO);
    EntityFeatures kitchenSink = customer(TestSpecs.kitchenSink(), Duration.ZERO);
    EntityState state = kitchenSink.newState();
    state.onTransaction(tx("a", T0, 1));

    assertThatThrownBy(() -> baseline.decode(state.toBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different feature layout")
        .hasMessageContaining("replaying");
  }

  @Test
  void truncatedOrUnknownBytesAreRefusedWithAClearMessage() {
    EntityFeatures customer = customer(TestSpecs.fraudBaseline(), Duration.ZERO);
    EntityState state = customer.newState();
    state.onTransaction(tx("a", T0, 1));
    byte[] bytes = state.toBytes();
    byte[] unknownVersion = bytes.clone();
    unknownVersion[0] = 9;

    assertThatThrownBy(() -> customer.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .hasMessageContaining("truncated or corrupt");
    assertThatThrownBy(() -> customer.decode(unknownVersion))
        .hasMessageContaining("format version 9");
  }

  @Test
  void anEntityWithoutTargetsRefusesLabelOutcomes() {
    EntityFeatures customer = customer(TestSpecs.fraudBaseline(), Duration.ZERO);
    LabelOutcome outcome = new LabelOutcome("a", T0, T0 + 1, true, Map.of(CUSTOMER, "C1"));

    assertThatThrownBy(() -> customer.newState().onOutcome(outcome))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no target aggregates");
  }

  @Test
  void aTargetCountsOnlyOutcomesWhoseLabelTimeHasPassed() {
    FeatureSpec spec =
        new FeatureSpec(
            "unit",
            1,
            "eventTime",
            List.of("terminalId"),
            Duration.ofHours(1),
            ZoneOffset.UTC,
            List.of(
                new TargetAggregate(
                    "risk", "terminalId", TargetFunction.MEAN, Duration.ofDays(1), null, -1),
                new TargetAggregate(
                    "labelled", "terminalId", TargetFunction.COUNT, Duration.ofDays(1), null, 0),
                new TargetAggregate(
                    "frauds", "terminalId", TargetFunction.SUM, Duration.ofDays(1), null, 0)));
    Duration lateness = Duration.ofHours(2);
    EntityFeatures terminal =
        FeaturePlan.compile(
                spec, new StreamSettings(lateness, StreamSettings.minimumTtl(spec, lateness)))
            .entity("terminalId");
    EntityState state = terminal.newState();
    Map<String, String> ids = Map.of("terminalId", "T1");
    state.onTransaction(tx("a", T0, 1));
    state.onTransaction(tx("b", T0 + hours(1), 1));
    assertThat(state.onOutcome(new LabelOutcome("a", T0, T0 + hours(2), true, ids))).isEmpty();
    assertThat(state.onOutcome(new LabelOutcome("b", T0 + hours(1), T0 + hours(3), false, ids)))
        .isEmpty();

    // c arrives after b's label but precedes its label time: only a's label counts
    assertThat(state.onTransaction(tx("c", T0 + hours(2), 1)).partial().values())
        .containsExactly(1, 1, 1);
    assertThat(state.onTransaction(tx("d", T0 + hours(3), 1)).partial().values())
        .containsExactly(0.5, 2, 1);
  }
}
