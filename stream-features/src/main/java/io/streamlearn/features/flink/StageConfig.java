package io.streamlearn.features.flink;

import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.Guarantee;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the job's functions need to rebuild the {@link FeatureStage} on the task managers: the
 * settings with the spec as YAML text (Flink ships functions serialized; the spec's file may not
 * exist where they run).
 */
record StageConfig(
    String specYaml,
    String specSource,
    long allowedLatenessMillis,
    long keyTtlMillis,
    EmitMode emitMode,
    Guarantee guarantee,
    long idlenessMillis,
    long checkpointIntervalMillis,
    EnginePlan plan,
    long watermarkAlignmentMillis,
    String transactions,
    String labels,
    String features,
    String lateEvents)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  static StageConfig of(FeatureStageSettings settings, FeatureTopics topics) {
    return new StageConfig(
        FeatureSpecYaml.toYaml(settings.spec()),
        settings.specSource(),
        settings.allowedLateness().toMillis(),
        settings.keyTtl().toMillis(),
        settings.emitMode(),
        settings.guarantee(),
        settings.idleness().toMillis(),
        settings.checkpointInterval().toMillis(),
        settings.plan(),
        settings.watermarkAlignment().toMillis(),
        topics.transactions(),
        topics.labels(),
        topics.features(),
        topics.lateEvents());
  }

  FeatureStageSettings settings() {
    return new FeatureStageSettings(
        FeatureSpecYaml.parse(specYaml, specSource),
        specSource,
        Duration.ofMillis(allowedLatenessMillis),
        Duration.ofMillis(keyTtlMillis),
        emitMode,
        guarantee,
        Duration.ofMillis(idlenessMillis),
        Duration.ofMillis(checkpointIntervalMillis),
        plan,
        Duration.ofMillis(watermarkAlignmentMillis));
  }

  FeatureTopics topics() {
    return new FeatureTopics(transactions, labels, features, lateEvents);
  }

  /** The compiled stage. */
  FeatureStage compile() {
    return new FeatureStage(settings(), topics());
  }
}
