package io.streamlearn.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.EventValue;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.FeatureSpecException;
import io.streamlearn.features.core.spec.NightFlag;
import io.streamlearn.features.core.spec.TargetAggregate;
import io.streamlearn.features.core.spec.TargetFunction;
import io.streamlearn.features.core.spec.TimeSinceLast;
import io.streamlearn.features.core.spec.Weekend;
import io.streamlearn.features.core.spec.WindowAggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSpecYamlTest {

  /** The handbook's 15 baseline features, written out by hand. */
  private static FeatureSpec handbookBaseline() {
    List<FeatureDefinition> features = new ArrayList<>();
    features.add(new EventValue("TX_AMOUNT", "amount", 0));
    features.add(new Weekend("TX_DURING_WEEKEND"));
    features.add(new NightFlag("TX_DURING_NIGHT", 0, 6));
    for (int days : new int[] {1, 7, 30}) {
      Duration window = Duration.ofDays(days);
      features.add(
          new WindowAggregate(
              "CUSTOMER_ID_NB_TX_" + days + "DAY_WINDOW",
              "customerId",
              AggregateFunction.COUNT,
              null,
              window,
              null,
              0));
      features.add(
          new WindowAggregate(
              "CUSTOMER_ID_AVG_AMOUNT_" + days + "DAY_WINDOW",
              "customerId",
              AggregateFunction.MEAN,
              "amount",
              window,
              null,
              0));
    }
    Duration delay = Duration.ofDays(7);
    for (int days : new int[] {1, 7, 30}) {
      Duration window = Duration.ofDays(days);
      features.add(
          new WindowAggregate(
              "TERMINAL_ID_NB_TX_" + days + "DAY_WINDOW",
              "terminalId",
              AggregateFunction.COUNT,
              null,
              window,
              delay,
              0));
      features.add(
          new TargetAggregate(
              "TERMINAL_ID_RISK_" + days + "DAY_WINDOW",
              "terminalId",
              TargetFunction.MEAN,
              window,
              delay,
              0));
    }
    return new FeatureSpec(
        "fraud-baseline",
        1,
        "eventTime",
        List.of("customerId", "terminalId"),
        Duration.ofHours(1),
        ZoneId.of("UTC"),
        features);
  }

  @Test
  void theDefaultSpecIsTheHandbooksFifteenBaselineFeatures() {
    FeatureSpec loaded = FeatureSpecYaml.fraudBaseline();

    assertThat(loaded).isEqualTo(handbookBaseline());
    assertThat(loaded.featureNames()).hasSize(15);
    assertThat(loaded.specVersion()).isEqualTo("fraud-baseline:1");
    assertThat(loaded.maxHorizon()).isEqualTo(Duration.ofDays(37));
  }

  @Test
  void optionalKeysTakeTheirDocumentedDefaults() {
    FeatureSpec spec =
        FeatureSpecYaml.parse(
            """
            name: defaults
            version: 2
            entityKeys: [customerId]
            resolution: 30m
            features:
              - {name: SINCE, type: time_since_last, entity: customerId}
              - {name: NIGHT, type: night}
              - {name: N, type: aggregate, entity: customerId, function: count, window: 1h}
            """,
            "defaults.yaml");

    assertThat(spec.eventTimeField()).isEqualTo("eventTime");
    assertThat(spec.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(spec.features())
        .containsExactly(
            new TimeSinceLast("SINCE", "customerId", -1),
            new NightFlag("NIGHT", 0, 6),
            new WindowAggregate(
                "N",
                "customerId",
                AggregateFunction.COUNT,
                null,
                Duration.ofHours(1),
                Duration.ZERO,
                0));
  }

  @Test
  void everyProblemInAFileIsReportedWithTheFileAndTheFeature() {
    String yaml =
        """
        name: broken
        version: 1
        entityKeys: [customerId]
        resolution: 1h
        colour: blue
        features:
          - {name: A, type: aggregate, entity: customerId, function: median, field: amount, window: 1d}
          - {name: B, type: aggregate, entity: customerId, function: count, window: 0h}
          - {name: C, type: target, entity: terminalId, function: mean, window: 90m}
          - {name: D, type: weird}
          - {name: E, type: value, field: amount, missing: lots}
          - {name: F, type: weekend, window: 1d}
          - {type: weekend}
        """;

    assertThatThrownBy(() -> FeatureSpecYaml.parse(yaml, "broken.yaml"))
        .isInstanceOfSatisfying(
            FeatureSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "broken.yaml: the spec: unknown key 'colour' (allowed: [entityKeys,"
                            + " eventTimeField, features, name, resolution, timeZone, version])",
                        "broken.yaml: feature 'A': unknown aggregate function 'median' (known:"
                            + " [count, sum, mean, min, max, stddev, distinct_count])",
                        "broken.yaml: feature 'B': window must be positive",
                        "broken.yaml: feature 'D': unknown type 'weird' (known: [aggregate,"
                            + " hashed, hour_of_day, night, relative_to_mean, target,"
                            + " time_since_last, value, weekend])",
                        "broken.yaml: feature 'E': missing must be a number, not 'lots'",
                        "broken.yaml: feature 'F': unknown key 'window' (allowed: [name, type])",
                        "broken.yaml: features[6]: name is required",
                        "broken.yaml: feature 'C': entity 'terminalId' is not one of the entity"
                            + " keys [customerId]",
                        "broken.yaml: feature 'C': window 90m is not a multiple of the"
                            + " resolution 1h"));
  }

  @Test
  void malformedYamlAndRepeatedKeysAreReportedWithoutAStackTraceForTheUser() {
    assertThatThrownBy(() -> FeatureSpecYaml.parse("name: [unclosed", "bad.yaml"))
        .hasMessageStartingWith("bad.yaml: not valid YAML:");
    assertThatThrownBy(() -> FeatureSpecYaml.parse("name: a\nname: b\n", "twice.yaml"))
        .hasMessageContaining("twice.yaml: not valid YAML: Duplicate field 'name'");
    assertThatThrownBy(() -> FeatureSpecYaml.parse("- just a list", "list.yaml"))
        .hasMessage("list.yaml: a feature spec must be a mapping with name, version, ...");
  }

  @Test
  void aSpecFileIsLoadedFromDiskAndProblemsNameTheFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("mine.yaml");
    Files.writeString(
        file,
        """
        name: mine
        version: 1
        entityKeys: [terminalId]
        resolution: 1h
        timeZone: Mars/Olympus
        features:
          - {name: N, type: aggregate, entity: terminalId, function: count, window: 2h}
        """);

    assertThatThrownBy(() -> FeatureSpecYaml.load(file))
        .hasMessage(
            "mine.yaml: timeZone 'Mars/Olympus' is not a time zone id (e.g. UTC,"
                + " Europe/Brussels)");
    Files.writeString(file, Files.readString(file).replace("Mars/Olympus", "Europe/Brussels"));
    assertThat(FeatureSpecYaml.load(file).timeZone()).isEqualTo(ZoneId.of("Europe/Brussels"));
  }
}
