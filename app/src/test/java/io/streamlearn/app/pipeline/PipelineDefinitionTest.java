package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.app.Topics;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDefinitionTest {

  private static final Path ROOT =
      Path.of(System.getProperty("streamlearn.root", "..")).normalize();

  @TempDir Path dir;

  private Path write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private static String fraudWith(String from, String to) {
    String text = PipelineDefinition.builtInText("fraud");
    assertThat(text).contains(from);
    return text.replace(from, to);
  }

  @Test
  void shouldShipTheFraudPipelineOnceAsAFileAndAsTheResource() throws Exception {
    assertThat(Files.readString(ROOT.resolve("pipelines/fraud.yaml")))
        .isEqualTo(PipelineDefinition.builtInText("fraud"));
    assertThat(PipelineDefinition.load(ROOT.resolve("pipelines/fraud.yaml")))
        .isEqualTo(PipelineDefinition.fraud().withSource("fraud.yaml"));
  }

  @Test
  void shouldReadTheFraudPipelineAsTheStagesDefaults() {
    PipelineDefinition fraud = PipelineDefinition.fraud();

    assertThat(fraud.name()).isEqualTo("fraud");
    assertThat(fraud.engine()).isEqualTo(Engine.KSTREAMS);
    assertThat(fraud.guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
    assertThat(fraud.topics()).isEqualTo(PipelineTopics.DEFAULTS);
    assertThat(fraud.features()).isEqualTo(FeatureStageSettings.defaults());
    assertThat(fraud.model()).isEqualTo(ModelStageSettings.fraud());
    assertThat(fraud.monitoring().monitors())
        .isEqualTo(MonitoringStageSettings.defaults().monitors());
    assertThat(fraud.topics().all()).containsExactlyInAnyOrderElementsOf(Topics.all());
    assertThat(fraud.topics().compacted()).containsExactlyElementsOf(Topics.COMPACTED);
  }

  @Test
  void shouldTakeDefaultsForAbsentSections() {
    PipelineDefinition minimal = PipelineDefinition.fromMap(Map.of("name", "mine"));

    assertThat(minimal.engine()).isEqualTo(Engine.KSTREAMS);
    assertThat(minimal.model().name()).isEqualTo("mine");
    assertThat(minimal.features()).isEqualTo(FeatureStageSettings.defaults());
    assertThat(minimal.topics()).isEqualTo(PipelineTopics.DEFAULTS);
  }

  @Test
  void shouldApplyTheTopLevelGuaranteeToTheFeatureStage() {
    PipelineDefinition exactly =
        PipelineDefinition.fromMap(
            Map.of("name", "p", "guarantee", "exactly-once", "engine", "flink"));

    assertThat(exactly.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
    assertThat(exactly.features().guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
    assertThat(exactly.engine()).isEqualTo(Engine.FLINK);
  }

  @Test
  void shouldNameTheFileTheKeyAndTheProblem() throws Exception {
    Path file = write("fraud.yaml", fraudWith("threshold: 0.5", "threshold: 1.5"));

    assertThatThrownBy(() -> PipelineDefinition.load(file))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageStartingWith("pipeline fraud.yaml: model.threshold")
        .hasMessageContaining("1.5")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldRejectUnknownKeysNamingThem() throws Exception {
    Path top = write("top.yaml", "name: p\nengines: flink\n");
    Path topic = write("topic.yaml", "name: p\ntopics: {predictionz: p}\n");
    Path feature = write("feature.yaml", "name: p\nfeatures: {specs: x}\n");

    assertThatThrownBy(() -> PipelineDefinition.load(top))
        .hasMessageStartingWith("pipeline top.yaml: engines is not a pipeline setting");
    assertThatThrownBy(() -> PipelineDefinition.load(topic))
        .hasMessageStartingWith("pipeline topic.yaml: topics.predictionz is not a topic");
    assertThatThrownBy(() -> PipelineDefinition.load(feature))
        .hasMessageStartingWith("pipeline feature.yaml: features.specs is not a setting");
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("name", "p");
    pipeline.put("engine", "spark");
    pipeline.put("guarantee", "maybe");
    pipeline.put("model", Map.of("threshold", 2));
    pipeline.put("monitoring", List.of());

    assertThatThrownBy(() -> PipelineDefinition.fromMap(pipeline, "p.yaml", null))
        .hasMessageStartingWith("pipeline p.yaml: ")
        .hasMessageContaining("engine must be one of [kstreams, flink], not 'spark'")
        .hasMessageContaining("guarantee must be one of [at-least-once, exactly-once]")
        .hasMessageContaining("model.threshold")
        .hasMessageContaining("monitoring must be a mapping of settings");
  }

  @Test
  void shouldRejectATopicNamedTwice() {
    assertThatThrownBy(
            () ->
                PipelineDefinition.fromMap(
                    Map.of("name", "p", "topics", Map.of("features", "x", "predictions", "x"))))
        .hasMessage("pipeline pipeline: topics: 'x' is named for two purposes");
  }

  @Test
  void shouldSayWhenTheFileIsMissingOrNotYaml() throws Exception {
    Path broken = write("broken.yaml", "name: [p\n");
    Path list = write("list.yaml", "- name: p\n");
    Path duplicate = write("duplicate.yaml", "name: p\nname: q\n");

    assertThatThrownBy(() -> PipelineDefinition.load(dir.resolve("absent.yaml")))
        .hasMessageStartingWith("pipeline file " + dir.resolve("absent.yaml") + " does not exist");
    assertThatThrownBy(() -> PipelineDefinition.load(broken))
        .hasMessageStartingWith("pipeline broken.yaml is not valid YAML (line ");
    assertThatThrownBy(() -> PipelineDefinition.load(list))
        .hasMessageStartingWith("pipeline list.yaml must be a YAML mapping");
    assertThatThrownBy(() -> PipelineDefinition.load(duplicate))
        .hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> PipelineDefinition.resolve("frod"))
        .hasMessageStartingWith("pipeline file frod does not exist (built-in pipelines: fraud)");
  }

  @Test
  void shouldResolveARelativeSpecPathAgainstThePipelinesDirectory() throws Exception {
    Path spec =
        ROOT.resolve("stream-features/src/main/resources/feature-specs/fraud-baseline.yaml");
    Files.copy(spec, dir.resolve("my-spec.yaml"));
    Path file = write("p.yaml", "name: p\nfeatures:\n  spec: ./my-spec.yaml\n");

    PipelineDefinition pipeline = PipelineDefinition.load(file);

    assertThat(pipeline.features().specSource()).isEqualTo(dir.resolve("my-spec.yaml").toString());
    assertThat(pipeline.features().spec()).isEqualTo(FeatureStageSettings.defaults().spec());
  }

  @Test
  void shouldOverrideTheEngine() {
    PipelineDefinition flink = PipelineDefinition.fraud().withEngine(Engine.FLINK);

    assertThat(flink.engine()).isEqualTo(Engine.FLINK);
    assertThat(flink.model()).isEqualTo(PipelineDefinition.fraud().model());
    assertThat(flink.features().keyTtl()).isEqualTo(Duration.ofDays(38));
  }

  @Test
  void shouldRunTheSingleTaskPlanOnFlinkOnly() {
    PipelineDefinition flink =
        PipelineDefinition.fromMap(
            Map.of("name", "p", "engine", "flink", "features", Map.of("plan", "single-task")));

    assertThat(flink.features().plan()).isEqualTo(EnginePlan.SINGLE_TASK);
    assertThatThrownBy(() -> flink.withEngine(Engine.KSTREAMS))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining(
            "features.plan single-task runs on Flink only (engine: flink); on kstreams the feature"
                + " stage runs the keyed plan");
  }
}
