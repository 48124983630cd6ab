package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.at;
import static io.streamlearn.features.core.Inputs.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.spec.EventValue;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.HashedCategory;
import io.streamlearn.features.core.spec.HourOfDay;
import io.streamlearn.features.core.spec.NightFlag;
import io.streamlearn.features.core.spec.Weekend;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFeaturesTest {

  private static EventFeatures eventFeatures(ZoneId zone, FeatureDefinition... features) {
    FeatureSpec spec =
        new FeatureSpec(
            "events", 1, "eventTime", List.of(), Duration.ofHours(1), zone, List.of(features));
    return FeaturePlan.compile(spec).eventFeatures();
  }

  private static double[] compute(EventFeatures features, long time) {
    return features.compute(transaction("t", time, "C1", "T1", 1)).values();
  }

  @Test
  void calendarFlagsFollowTheHandbookInUtc() {
    EventFeatures features =
        eventFeatures(
            ZoneId.of("UTC"),
            new HourOfDay("hour"),
            new Weekend("weekend"),
            new NightFlag("night", 0, 6));

    assertThat(compute(features, at("2024-01-06T03:00:00Z"))).containsExactly(3, 1, 1); // Sat
    assertThat(compute(features, at("2024-01-08T06:59:59.999Z"))).containsExactly(6, 0, 1);
    assertThat(compute(features, at("2024-01-08T07:00:00Z"))).containsExactly(7, 0, 0); // Mon
    assertThat(compute(features, at("2024-01-07T23:59:59.999Z"))).containsExactly(23, 1, 0);
    assertThat(compute(features, at("1969-12-28T05:00:00Z"))).containsExactly(5, 1, 1); // Sun
  }

  @Test
  void aNightRangeCanWrapPastMidnight() {
    EventFeatures features = eventFeatures(ZoneId.of("UTC"), new NightFlag("late", 22, 5));

    for (int hour : new int[] {22, 23, 0, 5}) {
      assertThat(compute(features, at("2024-01-02T00:00:00Z") + hour * 3_600_000L))
          .as("hour %d", hour)
          .containsExactly(1);
    }
    for (int hour : new int[] {6, 12, 21}) {
      assertThat(compute(features, at("2024-01-02T00:00:00Z") + hour * 3_600_000L))
          .as("hour %d", hour)
          .containsExactly(0);
    }
  }

  @Test
  void calendarFeaturesFollowTheZoneAcrossDaylightSavingChanges() {
    for (String zoneId : new String[] {"Europe/Brussels", "America/Sao_Paulo", "+05:30"}) {
      ZoneId zone = ZoneId.of(zoneId);
      EventFeatures features = eventFeatures(zone, new HourOfDay("hour"), new Weekend("weekend"));
      for (long time = at("2023-01-01T00:00:00Z");
          time < at("2024-01-01T00:00:00Z");
          time += 997 * 60_000L) {
        ZonedDateTime local = Instant.ofEpochMilli(time).atZone(zone);
        boolean weekend =
            local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        assertThat(compute(features, time))
            .as("%s at %s", zoneId, local)
            .containsExactly(local.getHour(), weekend ? 1 : 0);
      }
    }
  }

  @Test
  void aHashedCategoryIsOneHotAndAllZeroWhenMissing() {
    HashedCategory mcc = new HashedCategory("MCC", "attributes.mcc", 4);
    EventFeatures features = eventFeatures(ZoneId.of("UTC"), mcc);
    double[] expected = new double[4];
    expected[mcc.bucketOf("5411")] = 1;

    assertThat(features.featureNames()).containsExactly("MCC_0", "MCC_1", "MCC_2", "MCC_3");
    assertThat(features.compute(transaction("t", 0, "C1", "T1", 1, Map.of("mcc", "5411"))).values())
        .containsExactly(expected);
    assertThat(features.compute(transaction("t", 0, "C1", "T1", 1)).values())
        .containsExactly(0, 0, 0, 0);
  }

  @Test
  void aValueFeatureTakesItsMissingValueWhenTheFieldIsAbsentOrNotANumber() {
    EventFeatures features =
        eventFeatures(
            ZoneId.of("UTC"),
            new EventValue("amount", "amount", -1),
            new EventValue("score", "attributes.score", -2));

    assertThat(
            features
                .compute(transaction("t", 0, "C1", "T1", 12.5, Map.of("score", " 0.25 ")))
                .values())
        .containsExactly(12.5, 0.25);
    assertThat(
            features
                .compute(transaction("t", 0, "C1", "T1", Double.NaN, Map.of("score", "high")))
                .values())
        .containsExactly(-1, -2);
  }
}
