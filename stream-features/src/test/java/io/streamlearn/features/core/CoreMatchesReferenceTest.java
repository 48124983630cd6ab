package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.hours;
import static io.streamlearn.features.core.Inputs.minutes;
import static io.streamlearn.features.core.RunComparison.assertBitIdentical;
import static io.streamlearn.features.core.RunComparison.assertSameRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.LocalFeaturePipeline.Storage;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.core.spec.FeatureSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style cross-check: on seeded random streams, the optimized core (buckets, running
 * totals, tails, eviction, TTL resets) computes what the reference's plain scans compute.
 */
class CoreMatchesReferenceTest {

  private static final Duration LATENESS = Duration.ofMinutes(20);

  /** Busy and quiet entities over six days, every kind of disorder and label defect. */
  private static final RandomFeatureStream KITCHEN_SINK_STREAM =
      new RandomFeatureStream(
          30,
          12,
          5,
          3000,
          days(6),
          0.7,
          0.3,
          hours(8),
          0.02,
          0.03,
          minutes(20),
          0.01,
          hours(2),
          false);

  private static FeatureRun reference(
      FeatureSpec spec, StreamSettings settings, List<FeatureInput> inputs) {
    return ReferenceFeatures.run(spec, settings, inputs);
  }

  private static FeatureRun core(
      FeatureSpec spec, StreamSettings settings, List<FeatureInput> inputs, Storage storage) {
    return LocalFeaturePipeline.run(FeaturePlan.compile(spec, settings), storage, inputs);
  }

  private static StreamSettings tightest(FeatureSpec spec, Duration lateness) {
    return new StreamSettings(lateness, StreamSettings.minimumTtl(spec, lateness));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void coreEqualsReferenceOnDisorderedStreamsOfEveryFeatureKind(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings = tightest(spec, LATENESS);
    List<FeatureInput> inputs = KITCHEN_SINK_STREAM.arrivals(seed);

    FeatureRun expected = reference(spec, settings, inputs);
    FeatureRun actual = core(spec, settings, inputs, Storage.OBJECTS);

    assertSameRun(spec, expected, actual);
    assertExercisesEveryPath(expected, spec);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22})
  void coreEqualsReferenceInCanonicalOrderWithoutLateness(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings = tightest(spec, Duration.ZERO);
    List<FeatureInput> inputs = KITCHEN_SINK_STREAM.sorted(seed);

    assertSameRun(
        spec, reference(spec, settings, inputs), core(spec, settings, inputs, Storage.OBJECTS));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32})
  void coreEqualsReferenceWithExactMillisecondWindows(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink("1ms");
    StreamSettings settings = tightest(spec, LATENESS);
    List<FeatureInput> inputs = KITCHEN_SINK_STREAM.arrivals(seed);

    assertSameRun(
        spec, reference(spec, settings, inputs), core(spec, settings, inputs, Storage.OBJECTS));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {41})
  void coreEqualsReferenceWhenTheLatenessSpansSeveralBuckets(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings = tightest(spec, Duration.ofMinutes(50));
    RandomFeatureStream stream =
        new RandomFeatureStream(
            20,
            8,
            4,
            2000,
            days(4),
            0.7,
            0.3,
            hours(8),
            0.0,
            0.0,
            minutes(50),
            0.02,
            hours(2),
            false);
    List<FeatureInput> inputs = stream.arrivals(seed);

    assertSameRun(
        spec, reference(spec, settings, inputs), core(spec, settings, inputs, Storage.OBJECTS));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {71, 72})
  void labelsArrivingBeforeTheirTransactionsNeverMakeTransactionsLate(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings = tightest(spec, LATENESS);
    RandomFeatureStream labelsFirst =
        new RandomFeatureStream(
            30,
            12,
            5,
            3000,
            days(6),
            0.7,
            0.3,
            hours(8),
            0.0,
            0.0,
            minutes(20),
            0.0,
            hours(2),
            true);
    List<FeatureInput> inputs = labelsFirst.arrivals(seed);

    FeatureRun expected = reference(spec, settings, inputs);
    assertSameRun(spec, expected, core(spec, settings, inputs, Storage.BYTES));
    assertThat(expected.rejections())
        .extracting(Rejection::reason)
        .doesNotContain(Rejection.Reason.LATE_TRANSACTION, Rejection.Reason.LATE_LABEL);
    assertThat(expected.vectors()).anyMatch(v -> v.features().get("T_FRAUDS_6H") > 0);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {51, 52})
  void fraudBaselineCoreEqualsReferenceOverFortyFiveDays(long seed) {
    FeatureSpec spec = TestSpecs.fraudBaseline();
    StreamSettings settings = StreamSettings.defaultsFor(spec);
    RandomFeatureStream stream =
        new RandomFeatureStream(
            150,
            40,
            5,
            8000,
            days(45),
            1.0,
            0.1,
            days(12),
            0.0,
            0.0,
            minutes(5),
            0.005,
            hours(1),
            false);
    List<FeatureInput> inputs = stream.arrivals(seed);

    FeatureRun expected = reference(spec, settings, inputs);
    assertSameRun(spec, expected, core(spec, settings, inputs, Storage.OBJECTS));
    assertThat(expected.vectors())
        .as("some terminals have a known risk")
        .anyMatch(v -> v.features().get("TERMINAL_ID_RISK_30DAY_WINDOW") > 0);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {61, 62})
  void statesKeptAsBytesGiveBitIdenticalResults(long seed) {
    FeatureSpec spec = TestSpecs.kitchenSink();
    StreamSettings settings = tightest(spec, LATENESS);
    List<FeatureInput> inputs = KITCHEN_SINK_STREAM.arrivals(seed);

    assertBitIdentical(
        core(spec, settings, inputs, Storage.OBJECTS), core(spec, settings, inputs, Storage.BYTES));
  }

  /** Guards against a vacuous cross-check: the stream must reach every path of the core. */
  private static void assertExercisesEveryPath(FeatureRun run, FeatureSpec spec) {
    Map<Rejection.Reason, Long> reasons =
        run.rejections().stream()
            .collect(Collectors.groupingBy(Rejection::reason, Collectors.counting()));
    assertThat(reasons)
        .containsKeys(
            Rejection.Reason.LATE_TRANSACTION,
            Rejection.Reason.LATE_LABEL,
            Rejection.Reason.MISSING_ENTITY_KEY,
            Rejection.Reason.LABEL_BEFORE_TRANSACTION,
            Rejection.Reason.LABEL_BEYOND_HORIZON,
            Rejection.Reason.DUPLICATE_LABEL);
    Function<String, Long> positive =
        name -> run.vectors().stream().filter(v -> v.features().get(name) > 0).count();
    assertThat(positive.apply("T_FRAUDS_6H")).as("labels counted").isPositive();
    assertThat(positive.apply("T_RISK_3H_LAG_1H")).as("delayed risk").isPositive();
    assertThat(positive.apply("C_TERMINALS_6H")).isPositive();
    long firstOrExpired =
        run.vectors().stream().filter(v -> v.features().get("C_SINCE_LAST") == -1.0).count();
    assertThat(firstOrExpired)
        .as("customers restarting after an idle TTL, beyond their first transaction")
        .isGreaterThan(2L * 30);
    assertThat(spec.featureNames()).hasSize(run.vectors().get(0).features().size());
  }
}
