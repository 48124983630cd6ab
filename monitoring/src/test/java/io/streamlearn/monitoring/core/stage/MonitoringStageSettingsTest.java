package io.streamlearn.monitoring.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.monitor.DriftTestSettings.NumericTest;
import io.streamlearn.monitoring.core.monitor.LabelRateDriftSettings;
import io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode;
import io.streamlearn.monitoring.core.monitor.WindowSettings.WindowType;
import io.streamlearn.monitoring.core.stats.MultipleTesting.Correction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringStageSettingsTest {

  private static final long DAY = 86_400_000L;

  @Test
  void anEmptySectionGivesTheFraudPipelinesMonitors() {
    MonitoringStageSettings settings = MonitoringStageSettings.fromMap(Map.of());

    assertThat(settings.monitors())
        .extracting(MonitorDefinition::name)
        .containsExactly(
            "transaction-drift", "customer-drift", "terminal-drift", "score-drift", "label-rate");
    assertThat(settings.monitors())
        .extracting(MonitorDefinition::input)
        .containsExactly(
            StageInput.FEATURES,
            StageInput.FEATURES,
            StageInput.FEATURES,
            StageInput.PREDICTIONS,
            StageInput.LABELS);
    MonitorDefinition.DataDrift amount = (MonitorDefinition.DataDrift) settings.monitors().get(0);
    assertThat(amount.settings().numericFeatures()).containsExactly("TX_AMOUNT");
    assertThat(amount.settings().window().referenceMode()).isEqualTo(ReferenceMode.FIRST_N);
    assertThat(amount.settings().window().windowType()).isEqualTo(WindowType.EVENT_TIME);
    assertThat(amount.settings().window().windowSize()).isEqualTo(DAY);
    assertThat(amount.settings().tests().correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
    assertThat(amount.settings().cooldownMillis()).isEqualTo(DAY);
    assertThat(amount.warmupMillis()).isEqualTo(38 * DAY);
    assertThat(settings).isEqualTo(MonitoringStageSettings.defaults());
  }

  @Test
  void readsEveryKeyOfAMonitorAndTheStage() {
    MonitoringStageSettings settings =
        MonitoringStageSettings.fromMap(
            Map.of(
                "cooldown", "12h",
                "warmup", "0s",
                "allowedLateness", "PT10M",
                "idleness", "5s",
                "snapshotEvery", 500,
                "latencyWindow", "2m",
                "monitors",
                    List.of(
                        Map.ofEntries(
                            Map.entry("name", "amounts"),
                            Map.entry("type", "data-drift"),
                            Map.entry("numeric", List.of("TX_AMOUNT")),
                            Map.entry("categorical", List.of("TX_DURING_NIGHT")),
                            Map.entry("test", "psi"),
                            Map.entry("reference", Map.of("mode", "sliding", "size", 1000)),
                            Map.entry("window", Map.of("events", 250)),
                            Map.entry("alpha", 0.05),
                            Map.entry("correction", "bonferroni"),
                            Map.entry("minEffect", Map.of("ks", 0.2, "psi", 0.3, "cramersV", 0.15)),
                            Map.entry("psiBins", 8),
                            Map.entry("minSamples", 50),
                            Map.entry("maxSamples", 2000),
                            Map.entry("seed", 7),
                            Map.entry("cooldown", "1h"),
                            Map.entry("warmup", "2d")),
                        Map.of(
                            "name",
                            "rate",
                            "type",
                            "label-rate",
                            "test",
                            "adwin",
                            "delta",
                            0.001))));

    assertThat(settings.allowedLatenessMillis()).isEqualTo(600_000L);
    assertThat(settings.idlenessMillis()).isEqualTo(5_000L);
    assertThat(settings.snapshotEvery()).isEqualTo(500);
    assertThat(settings.latencyWindowMillis()).isEqualTo(120_000L);
    MonitorDefinition.DataDrift d = (MonitorDefinition.DataDrift) settings.monitors().get(0);
    assertThat(d.warmupMillis()).isEqualTo(2 * DAY);
    assertThat(d.settings().cooldownMillis()).isEqualTo(3_600_000L);
    assertThat(d.settings().categoricalFeatures()).containsExactly("TX_DURING_NIGHT");
    assertThat(d.settings().window().referenceMode()).isEqualTo(ReferenceMode.SLIDING);
    assertThat(d.settings().window().referenceSize()).isEqualTo(1000);
    assertThat(d.settings().window().windowType()).isEqualTo(WindowType.COUNT);
    assertThat(d.settings().window().windowSize()).isEqualTo(250);
    assertThat(d.settings().window().maxSamples()).isEqualTo(2000);
    assertThat(d.settings().window().seed()).isEqualTo(7);
    assertThat(d.settings().tests().numericTest()).isEqualTo(NumericTest.PSI);
    assertThat(d.settings().tests().alpha()).isEqualTo(0.05);
    assertThat(d.settings().tests().correction()).isEqualTo(Correction.BONFERRONI);
    assertThat(d.settings().tests().minKsStatistic()).isEqualTo(0.2);
    assertThat(d.settings().tests().psiThreshold()).isEqualTo(0.3);
    assertThat(d.settings().tests().minCramersV()).isEqualTo(0.15);
    assertThat(d.settings().tests().psiBins()).isEqualTo(8);
    assertThat(d.settings().tests().minSamples()).isEqualTo(50);
    MonitorDefinition.LabelRate rate = (MonitorDefinition.LabelRate) settings.monitors().get(1);
    assertThat(rate.settings().delta()).isEqualTo(0.001);
    assertThat(rate.settings().cooldownMillis()).as("the stage's cooldown").isEqualTo(DAY / 2);
    assertThat(rate.warmupMillis()).as("the stage's warm-up").isZero();
  }

  @Test
  void theFraudPipelinesLabelRateMonitorTestsSixHourWindowsAgainstFourWeeks() {
    MonitorDefinition.LabelRate rate =
        (MonitorDefinition.LabelRate) MonitoringStageSettings.defaults().monitors().get(4);
    assertThat(rate.settings().test()).isEqualTo(LabelRateDriftSettings.Test.BINOMIAL);
    assertThat(rate.settings().windowMillis()).isEqualTo(6 * 3_600_000L);
    assertThat(rate.settings().referenceDays()).isEqualTo(28);
    assertThat(rate.settings().alpha()).isEqualTo(0.001);

    MonitoringStageSettings bare =
        MonitoringStageSettings.fromMap(
            Map.of("monitors", List.of(Map.of("name", "r", "type", "label-rate"))));
    assertThat(((MonitorDefinition.LabelRate) bare.monitors().get(0)).settings().test())
        .as("without a test: ADWIN")
        .isEqualTo(LabelRateDriftSettings.Test.ADWIN);
    MonitoringStageSettings custom =
        MonitoringStageSettings.fromMap(
            Map.of(
                "monitors",
                List.of(
                    Map.of(
                        "name", "r",
                        "type", "label-rate",
                        "test", "binomial",
                        "window", "1h",
                        "reference", "7d",
                        "alpha", 0.01,
                        "dispersion", "estimated"))));
    assertThat(MonitoringStageSettings.fromMap(custom.toMap())).isEqualTo(custom);
    assertThat(((MonitorDefinition.LabelRate) custom.monitors().get(0)).settings())
        .isEqualTo(LabelRateDriftSettings.binomial("r", 3_600_000L, 7, 0.01, true, 86_400_000L));
    assertThat(rate.settings().estimateDispersion()).isFalse();

    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of(
                        "monitors",
                        List.of(
                            Map.of(
                                "name", "r",
                                "type", "label-rate",
                                "test", "binomial",
                                "delta", 0.01,
                                "window", "7h",
                                "reference", "36h")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta")
        .hasMessageContaining("reference: must be a positive whole number of days");
    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of(
                        "monitors",
                        List.of(Map.of("name", "r", "type", "label-rate", "window", "7h")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of(
                        "monitors",
                        List.of(
                            Map.of(
                                "name",
                                "r",
                                "type",
                                "label-rate",
                                "test",
                                "binomial",
                                "window",
                                "7h")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divide one day");
  }

  @Test
  void theMapFormOfSettingsParsesBackToEqualSettings() {
    MonitoringStageSettings defaults = MonitoringStageSettings.defaults();
    MonitoringStageSettings custom =
        MonitoringStageSettings.fromMap(
            Map.of(
                "snapshotEvery",
                7,
                "monitors",
                List.of(
                    Map.of(
                        "name",
                        "a",
                        "type",
                        "data-drift",
                        "categorical",
                        List.of("X"),
                        "test",
                        "psi",
                        "window",
                        Map.of("events", 99),
                        "reference",
                        Map.of("mode", "sliding", "size", 10)),
                    Map.of("name", "s", "type", "prediction-drift", "warmup", "3h"))));

    assertThat(MonitoringStageSettings.fromMap(defaults.toMap())).isEqualTo(defaults);
    assertThat(MonitoringStageSettings.fromMap(custom.toMap())).isEqualTo(custom);
    assertThat(defaults.toMap()).containsKeys("allowedLateness", "monitors");
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of(
                        "cooldwn",
                        "1d",
                        "snapshotEvery",
                        "many",
                        "monitors",
                        List.of(
                            Map.of(
                                "name", "a", "type", "data-drift", "alpha", 2, "window", "1 week"),
                            Map.of("name", "b", "type", "concept"),
                            Map.of("type", "label-rate")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("monitoring.cooldwn: unknown key")
        .hasMessageContaining("monitoring.snapshotEvery: must be a whole number, got 'many'")
        .hasMessageContaining("monitoring.monitors[0].window: '1 week' is not a duration")
        .hasMessageContaining(
            "monitoring.monitors[0]: invalid drift test settings: alpha must be in (0, 1)")
        .hasMessageContaining(
            "monitoring.monitors[1].type: must be data-drift, prediction-drift or label-rate")
        .hasMessageContaining("monitoring.monitors[2].name: is required");
  }

  @Test
  void refusesADataDriftMonitorWithoutFeaturesAndRepeatedNames() {
    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of(
                        "monitors",
                        List.of(
                            Map.of("name", "a", "type", "data-drift"),
                            Map.of("name", "r", "type", "label-rate"),
                            Map.of("name", "r", "type", "label-rate")))))
        .hasMessageContaining("monitoring.monitors[0]: monitor 'a' watches no feature")
        .hasMessageContaining("two monitors are named 'r'");
  }

  @Test
  void refusesNamesThatCannotBeKeysOfTheStore() {
    assertThatThrownBy(
            () ->
                MonitoringStageSettings.fromMap(
                    Map.of("monitors", List.of(Map.of("name", "a/b", "type", "label-rate")))))
        .hasMessageContaining("monitor name 'a/b' must be letters, digits");
  }

  @Test
  void readsTheTopicsSectionAndIgnoresOtherStagesTopics() {
    MonitoringTopics topics =
        MonitoringTopics.fromMap(Map.of("alerts", "drift-alerts", "modelSnapshots", "snaps"));

    assertThat(topics)
        .isEqualTo(new MonitoringTopics("features", "predictions", "labels", "drift-alerts"));
    assertThatThrownBy(() -> MonitoringTopics.fromMap(Map.of("labels", "bad topic")))
        .hasMessageContaining("labels: 'bad topic' is not a valid topic name");
  }
}
