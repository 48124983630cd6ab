package io.streamlearn.features.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private static FeatureSpec spec(FeatureDefinition... features) {
    return new FeatureSpec(
        "test",
        1,
        "eventTime",
        List.of("customerId", "terminalId"),
        HOUR,
        ZoneOffset.UTC,
        List.of(features));
  }

  private static WindowAggregate count(String name, Duration window, Duration delay) {
    return new WindowAggregate(name, "customerId", AggregateFunction.COUNT, null, window, delay, 0);
  }

  @Test
  void aNonPositiveWindowIsRejectedNamingTheFeature() {
    assertThatThrownBy(() -> count("x", Duration.ZERO, null))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessage("feature 'x': window must be positive");
  }

  @Test
  void everyProblemOfADefinitionIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                new WindowAggregate(
                    "9bad name",
                    " ",
                    null,
                    null,
                    Duration.ofHours(-1),
                    Duration.ofHours(-2),
                    Double.NaN))
        .isInstanceOfSatisfying(
            FeatureSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "feature '9bad name': name must start with a letter or '_' and contain"
                            + " only letters, digits, '_', '.' or '-'",
                        "feature '9bad name': entity is required",
                        "feature '9bad name': function is required",
                        "feature '9bad name': window must be positive",
                        "feature '9bad name': delay must not be negative",
                        "feature '9bad name': missing value must be a finite number, not NaN"));
  }

  @Test
  void fieldsMustExistAndSuitTheFunction() {
    assertThatThrownBy(
            () ->
                new WindowAggregate(
                    "m", "customerId", AggregateFunction.MEAN, "amout", DAY, null, 0))
        .hasMessageContaining(
            "feature 'm': mean needs a numeric field, and 'amout' is not a" + " transaction field");
    assertThatThrownBy(
            () ->
                new WindowAggregate(
                    "m", "customerId", AggregateFunction.MEAN, "terminalId", DAY, null, 0))
        .hasMessage("feature 'm': mean needs a numeric field, and 'terminalId' is a text field");
    assertThatThrownBy(
            () ->
                new WindowAggregate(
                    "c", "customerId", AggregateFunction.COUNT, "amount", DAY, null, 0))
        .hasMessage("feature 'c': count takes no field, but field 'amount' is given");
    assertThatThrownBy(
            () ->
                new WindowAggregate(
                    "d", "customerId", AggregateFunction.DISTINCT_COUNT, "amount", DAY, null, 0))
        .hasMessage(
            "feature 'd': distinct_count needs a text field, and 'amount' is a numeric" + " field");
    assertThatThrownBy(() -> new HashedCategory("h", "attributes.mcc", 0))
        .hasMessage("feature 'h': buckets must be 1 to 4096, not 0");
    assertThatThrownBy(() -> new NightFlag("n", 24, -1))
        .hasMessageContaining("fromHour must be 0 to 23, not 24")
        .hasMessageContaining("toHour must be 0 to 23, not -1");
  }

  @Test
  void specLevelProblemsAreAllReported() {
    assertThatThrownBy(
            () ->
                new FeatureSpec(
                    "bad:name",
                    0,
                    "when",
                    List.of("customerId", "amount", "customerId"),
                    Duration.ofMinutes(45),
                    ZoneOffset.UTC,
                    List.of(
                        count("a", Duration.ofHours(2), null),
                        count("a", DAY, Duration.ofMinutes(30)),
                        new TimeSinceLast("s", "cardId", -1),
                        new HashedCategory("h", "attributes.mcc", 2),
                        new EventValue("h_1", "amount", 0))))
        .isInstanceOfSatisfying(
            FeatureSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "spec name must start with a letter or digit and contain only letters,"
                            + " digits, '_', '.' or '-', not 'bad:name'",
                        "spec version must be at least 1, not 0",
                        "eventTimeField must be the event-time field 'eventTime', not 'when'",
                        "entity key 'amount' must be a text field, and it is a numeric field",
                        "entity key 'customerId' is listed twice",
                        "feature 'a': window 2h is not a multiple of the resolution 45m",
                        "feature name 'a' is used twice",
                        "feature 'a': delay 30m is not a multiple of the resolution 45m",
                        "feature 's': entity 'cardId' is not one of the entity keys"
                            + " [customerId]",
                        "feature name 'h_1' is used twice"));
  }

  @Test
  void aSpecKnowsItsOutputsEntitiesAndHorizons() {
    FeatureSpec spec =
        spec(
            new EventValue("amount", "amount", 0),
            new HashedCategory("mcc", "attributes.mcc", 3),
            count("c7", Duration.ofDays(7), null),
            new TargetAggregate(
                "risk", "terminalId", TargetFunction.MEAN, DAY, Duration.ofDays(7), 0),
            new RelativeToMean("rel", "customerId", "amount", Duration.ofDays(30), 0));

    assertThat(spec.specVersion()).isEqualTo("test:1");
    assertThat(spec.featureNames())
        .containsExactly("amount", "mcc_0", "mcc_1", "mcc_2", "c7", "risk", "rel");
    assertThat(spec.eventFeatures()).hasSize(2);
    assertThat(spec.entityFeatures("customerId"))
        .extracting(FeatureDefinition::name)
        .containsExactly("c7", "rel");
    assertThat(spec.targetEntityKeys()).containsExactly("terminalId");
    assertThat(spec.maxHorizon()).isEqualTo(Duration.ofDays(30));
    assertThat(spec.targetHorizon()).isEqualTo(Duration.ofDays(8));
  }

  @Test
  void durationsAreWrittenAsANumberAndAUnitOrInIso8601() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse(" 30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(DurationText.parse("1h")).isEqualTo(HOUR);
    assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> DurationText.parse("1 week"))
        .hasMessage("'1 week' is not a duration: write e.g. 500ms, 30s, 15m, 1h, 7d or PT1H");
    assertThatThrownBy(() -> DurationText.parse("P1Y")).hasMessageContaining("not a valid");
  }

  @Test
  void hashingIsMurmur3X86ThirtyTwoBitsBitForBit() {
    // reference values of Guava's Hashing.murmur3_32_fixed and SMHasher
    assertThat(Murmur3.hash32("", 0)).isZero();
    assertThat(Murmur3.hash32("hello", 0)).isEqualTo(613153351);
    assertThat(Murmur3.hash32("merchant-5411", 0)).isEqualTo(-788832235);
    assertThat(Murmur3.hash32("héllo wörld €", 0)).isEqualTo(460780124);
    assertThat(Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0x9747b28c))
        .isEqualTo(0x2fa826cd);
    HashedCategory mcc = new HashedCategory("mcc", "attributes.mcc", 16);
    assertThat(mcc.bucketOf("merchant-5411")).isEqualTo(Math.floorMod(-788832235, 16));
  }
}
