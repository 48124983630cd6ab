package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.ConceptDriftMonitor;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {

  /** Holds a trainer's checkpoint and log as an engine does, and what it published. */
  private static final class Engine {
    final ModelStageSettings settings;
    Trainer trainer;
    byte[] checkpoint;
    final List<LogEntry> log = new ArrayList<>();
    final List<PublishedModel> published = new ArrayList<>();
    final List<TrainerEvent> events = new ArrayList<>();
    final List<AlertEvent> alerts = new ArrayList<>();

    Engine(ModelStageSettings settings) {
      this.settings = settings;
      this.trainer = Trainer.create(settings);
    }

    void feed(JoinedExample example) {
      TrainerStep step = trainer.learn(example);
      log.add(step.logEntry());
      events.addAll(step.events());
      alerts.addAll(step.alerts());
      if (step.snapshotDue()) {
        publish();
      }
      if (trainer.checkpointDue()) {
        checkpoint = trainer.checkpoint();
        log.removeIf(e -> e.sequence() < trainer.logStart());
      }
    }

    void publish() {
      Publication p = trainer.publish();
      log.add(p.logEntry());
      published.add(p.model());
    }

    /** A crash: the trainer object is lost; only the checkpoint and the log survive. */
    void crashAndRestore() {
      trainer = Trainer.restore(settings, checkpoint, log.stream().map(LogEntry::bytes).toList());
    }
  }

  private static ModelStageSettings settings(String kind, Map<String, String> params) {
    return ModelStageSettings.defaults("m")
        .withLearner(kind, params)
        .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(25));
  }

  static Stream<Arguments> learners() {
    return Stream.of(
        Arguments.of("logistic-regression", Map.of("optimizer", "ftrl")),
        Arguments.of("logistic-regression", Map.of("optimizer", "sgd")),
        Arguments.of("gaussian-naive-bayes", Map.of()),
        Arguments.of("hoeffding-tree", Map.of("grace_period", "50")),
        Arguments.of("hoeffding-adaptive-tree", Map.of("grace_period", "50")),
        Arguments.of("adaptive-random-forest", Map.of("ensemble_size", "3", "grace_period", "50")));
  }

  @Test
  void shouldPublishEveryNUpdatesWithIncreasingVersionsAndCounts() {
    Engine engine = new Engine(settings("logistic-regression", Map.of()));
    List<JoinedExample> stream = ServingExamples.stream(1, 110, -1);
    stream.forEach(engine::feed);

    assertThat(engine.published)
        .extracting(PublishedModel::version)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(engine.published)
        .extracting(PublishedModel::examplesSeen)
        .containsExactly(25L, 50L, 75L, 100L);
    assertThat(engine.published.get(3).eventTimeMillis())
        .isEqualTo(stream.get(99).eventTimeMillis());
    assertThat(engine.published.get(3).featureMeans()).containsOnlyKeys("a", "b", "c");
    assertThat(engine.trainer.updatesSinceSnapshot()).isEqualTo(10);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("learners")
  void shouldContinueAfterACrashExactlyAsIfNothingHappened(
      String kind, Map<String, String> params) {
    ModelStageSettings s =
        settings(kind, params)
            .withConceptDrift(
                ModelStageSettings.ConceptDrift.DEFAULTS.withWarmup(
                    Duration.ofHours(2))); // promote-background: all parts saved
    List<JoinedExample> stream = ServingExamples.stream(7, 1_200, 600);
    Engine uninterrupted = new Engine(s);
    Engine crashing = new Engine(s);
    for (int i = 0; i < stream.size(); i++) {
      uninterrupted.feed(stream.get(i));
      crashing.feed(stream.get(i));
      if (i == 333 || i == 640 || i == 1001) {
        crashing.crashAndRestore();
      }
    }
    uninterrupted.publish();
    crashing.publish();

    assertThat(crashing.checkpoint).isNotNull();
    assertThat(crashing.published).isEqualTo(uninterrupted.published);
    assertThat(crashing.events).isEqualTo(uninterrupted.events);
    assertThat(crashing.trainer.quality()).isEqualTo(uninterrupted.trainer.quality());
    assertThat(crashing.trainer.examplesSeen()).isEqualTo(1_200);
  }

  @Test
  void shouldRestoreFromTheLogAloneBeforeTheFirstCheckpoint() {
    ModelStageSettings s = settings("logistic-regression", Map.of());
    Engine engine = new Engine(s);
    ServingExamples.stream(2, 60, -1).forEach(engine::feed);
    long version = engine.trainer.version();
    engine.crashAndRestore();

    assertThat(engine.checkpoint).isNull();
    assertThat(engine.trainer.examplesSeen()).isEqualTo(60);
    assertThat(engine.trainer.version()).isEqualTo(version);
    assertThat(engine.trainer.publish().model().version()).isEqualTo(version + 1);
  }

  @Test
  void shouldGiveByteIdenticalSnapshotsForTheSameExamplesInTheSameOrder() {
    ModelStageSettings s = settings("hoeffding-adaptive-tree", Map.of("grace_period", "30"));
    Engine a = new Engine(s);
    Engine b = new Engine(s);
    ServingExamples.stream(5, 500, 250)
        .forEach(
            e -> {
              a.feed(e);
              b.feed(ExampleCodec.decodeJoined(ExampleCodec.encode(e)));
            });

    assertThat(a.published).hasSize(20).isEqualTo(b.published);
  }

  @Test
  void shouldReplaceTheModelByAFreshOneWhenADriftIsDetected() {
    ModelStageSettings s =
        settings("logistic-regression", Map.of())
            .withConceptDrift(drift(ModelStageSettings.ConceptDrift.Response.RESET));
    Engine engine = new Engine(s);
    ServingExamples.stream(11, 3_000, 1_500).forEach(engine::feed);

    List<TrainerEvent> resets =
        engine.events.stream().filter(e -> e.type() == ModelEventType.DRIFT_RESET).toList();
    assertThat(resets).isNotEmpty();
    assertThat(resets.get(0).eventTimeMillis())
        .isGreaterThan(ServingExamples.START + 1_500 * ServingExamples.MINUTE);
    assertThat(engine.alerts).extracting(AlertEvent::kind).containsOnly(DriftKind.CONCEPT_DRIFT);
    assertThat(resets)
        .extracting(TrainerEvent::alertId)
        .isSubsetOf(engine.alerts.stream().map(AlertEvent::alertId).toList());
    assertThat(engine.trainer.driftResponses()).containsEntry("reset", (long) resets.size());
    PublishedModel last = engine.published.get(engine.published.size() - 1);
    assertThat(Long.parseLong(last.metadata().get("modelExamples")))
        .isLessThan(last.examplesSeen());
  }

  @Test
  void shouldPromoteTheModelTrainedSinceTheWarningWhenTheDriftComes() {
    ModelStageSettings s =
        settings("logistic-regression", Map.of())
            .withConceptDrift(drift(ModelStageSettings.ConceptDrift.Response.PROMOTE_BACKGROUND));
    Engine engine = new Engine(s);
    ServingExamples.stream(11, 3_000, 1_500).forEach(engine::feed);

    List<ModelEventType> types = engine.events.stream().map(TrainerEvent::type).toList();
    int promoted = types.indexOf(ModelEventType.BACKGROUND_PROMOTED);
    assertThat(promoted).isPositive();
    assertThat(types.subList(0, promoted))
        .contains(ModelEventType.WARNING, ModelEventType.BACKGROUND_STARTED);
    assertThat(engine.events).allSatisfy(e -> assertThat(e.alertId()).isNotBlank());
    assertThat(engine.trainer.driftResponses().get("promote-background")).isPositive();
  }

  @Test
  void shouldOnlyRecordADriftWhenTheResponseIsNone() {
    ModelStageSettings s =
        settings("logistic-regression", Map.of())
            .withConceptDrift(drift(ModelStageSettings.ConceptDrift.Response.NONE));
    Engine engine = new Engine(s);
    ServingExamples.stream(11, 3_000, 1_500).forEach(engine::feed);
    engine.publish();

    assertThat(engine.events)
        .extracting(TrainerEvent::type)
        .contains(ModelEventType.DRIFT_DETECTED);
    assertThat(engine.events)
        .extracting(TrainerEvent::type)
        .doesNotContain(
            ModelEventType.DRIFT_RESET,
            ModelEventType.BACKGROUND_STARTED,
            ModelEventType.BACKGROUND_PROMOTED);
    PublishedModel last = engine.published.get(engine.published.size() - 1);
    assertThat(last.metadata()).containsEntry("modelExamples", "3000");
  }

  /** The shipped detector (ADWIN 0.002, cooldown 1 h) behind the old default learner. */
  private static ModelStageSettings balancedFtrl(ModelStageSettings.ConceptDrift drift) {
    return ModelStageSettings.defaults("m")
        .withLearner("logistic-regression", Map.of("optimizer", "ftrl"))
        .withClassWeight(ModelStageSettings.ClassWeighting.BALANCED)
        .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(10_000))
        .withConceptDrift(drift);
  }

  private static int firstIndexAfter(List<JoinedExample> stream, long time) {
    int i = 0;
    while (i < stream.size() && stream.get(i).eventTimeMillis() < time) {
      i++;
    }
    return i;
  }

  @Test
  void shouldNotMistakeClassWeightingForDriftOnAStationaryStreamButCatchARealChange() {
    ModelStageSettings.ConceptDrift noWarmup = drift(ModelStageSettings.ConceptDrift.Response.NONE);
    List<JoinedExample> stationary = ServingExamples.imbalanced(3, 150_000, -1);

    // the old error stream, 0/1 at 0.5 on the weighted probability, alarms again and again:
    // balanced
    // weights make most predictions above 0.5 false positives, and their rate swings as the model
    // learns each rare positive at a weight of about 50
    ModelStageSettings s = balancedFtrl(noWarmup);
    WeightedErrorStream weighted = new WeightedErrorStream(s);
    stationary.forEach(weighted::learn);
    assertThat(weighted.monitor.detections()).isGreaterThanOrEqualTo(5);

    // the trainer judges the decision of the unweighted probability: quiet on the same stream
    Engine quiet = new Engine(s);
    stationary.forEach(quiet::feed);
    assertThat(quiet.alerts).isEmpty();
    assertThat(quiet.events).isEmpty();

    // ... and still catches a change of the concept (3 times the positives, a new pattern)
    int change = 100_000;
    List<JoinedExample> changing = ServingExamples.imbalanced(3, 130_000, change);
    Engine detecting = new Engine(s);
    changing.forEach(detecting::feed);
    assertThat(detecting.alerts).isNotEmpty();
    int first = firstIndexAfter(changing, detecting.alerts.get(0).windowEndMillis());
    assertThat(first).isBetween(change, change + 3_000);
    assertThat(detecting.events)
        .extracting(TrainerEvent::type)
        .contains(ModelEventType.DRIFT_DETECTED);
  }

  @Test
  void shouldFeedNoDetectorDuringTheWarmupCountedFromTheFirstExample() {
    int change = 100_000;
    List<JoinedExample> changing = ServingExamples.imbalanced(3, 130_000, change);
    Duration beforeTheChange = Duration.ofMinutes(50_000);
    Duration afterTheChange = Duration.ofMinutes(110_000);

    Engine armedBefore =
        new Engine(
            balancedFtrl(
                drift(ModelStageSettings.ConceptDrift.Response.NONE).withWarmup(beforeTheChange)));
    changing.forEach(armedBefore::feed);
    Engine armedAfter =
        new Engine(
            balancedFtrl(
                drift(ModelStageSettings.ConceptDrift.Response.NONE).withWarmup(afterTheChange)));
    changing.forEach(armedAfter::feed);

    assertThat(armedBefore.alerts).isNotEmpty();
    assertThat(armedAfter.alerts).isEmpty();
  }

  @ParameterizedTest(name = "warm-up {0} minutes")
  @MethodSource("warmupsAcrossARestart")
  void shouldKeepTheWarmupAcrossARestartNeitherStartingItAgainNorEndingIt(
      int warmupMinutes, boolean alerts) {
    List<JoinedExample> changing = ServingExamples.imbalanced(3, 130_000, 100_000);
    ModelStageSettings s =
        balancedFtrl(
            drift(ModelStageSettings.ConceptDrift.Response.NONE)
                .withWarmup(Duration.ofMinutes(warmupMinutes)));
    Engine uninterrupted = new Engine(s);
    Engine crashing = new Engine(s);
    for (int i = 0; i < changing.size(); i++) {
      uninterrupted.feed(changing.get(i));
      crashing.feed(changing.get(i));
      if (i == 60_000) {
        crashing.crashAndRestore();
      }
    }

    assertThat(crashing.alerts).isEqualTo(uninterrupted.alerts);
    assertThat(crashing.alerts.isEmpty()).isEqualTo(!alerts);
  }

  static Stream<Arguments> warmupsAcrossARestart() {
    // 95,000: armed before the change at 100,000 (armed at 155,000 had the restart started it
    // again); 110,000: armed after it (armed at once had the restart ended it)
    return Stream.of(Arguments.of(95_000, true), Arguments.of(110_000, false));
  }

  /**
   * The error stream as the trainer judged it before: 0/1 at the threshold of the model's score.
   */
  private static final class WeightedErrorStream {
    final OnlineClassifier model;
    final ConceptDriftMonitor monitor;
    final FeatureSchemas schemas = new FeatureSchemas();

    WeightedErrorStream(ModelStageSettings s) {
      model = s.learnerSpec().create();
      monitor = new ConceptDriftMonitor(s.conceptDrift().driftSettings(s.name(), s.threshold()));
    }

    void learn(JoinedExample e) {
      FeatureVector x = e.features().toVector(schemas);
      monitor.observe(e.eventTimeMillis(), e.label(), model.predictProbaOne(x));
      model.learnOne(x, e.label());
    }
  }

  @Test
  void shouldRaiseNothingWithoutADetector() {
    ModelStageSettings s =
        settings("logistic-regression", Map.of())
            .withConceptDrift(ModelStageSettings.ConceptDrift.OFF);
    Engine engine = new Engine(s);
    ServingExamples.stream(11, 3_000, 1_500).forEach(engine::feed);

    assertThat(engine.events).isEmpty();
    assertThat(engine.alerts).isEmpty();
  }

  @Test
  void shouldRefuseToRestoreAStateTrainedWithAnotherLearnerConfiguration() {
    Engine engine = new Engine(settings("logistic-regression", Map.of()));
    ServingExamples.stream(1, 30, -1).forEach(engine::feed);
    byte[] checkpoint = engine.trainer.checkpoint();

    assertThatThrownBy(
            () ->
                Trainer.restore(
                    settings("logistic-regression", Map.of("optimizer", "sgd")),
                    checkpoint,
                    List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot restore the trainer of model 'm'")
        .hasMessageContaining("give the new configuration a new model name");
  }

  @Test
  void shouldRefuseALogThatDoesNotContinueTheCheckpoint() {
    Engine engine = new Engine(settings("logistic-regression", Map.of()));
    ServingExamples.stream(1, 30, -1).forEach(engine::feed);
    List<byte[]> log = engine.log.stream().map(LogEntry::bytes).toList();
    byte[] checkpoint = engine.trainer.checkpoint(); // after the publication of version 1

    assertThatThrownBy(() -> Trainer.restore(engine.settings, checkpoint, log))
        .hasMessageContaining("records version 1 after version 1");
  }

  @Test
  void shouldCutTheCheckpointIntoChunksThatHoldItsBytesAndRestoreFromThem() {
    Engine whole = new Engine(settings("logistic-regression", Map.of()));
    Engine chunked = new Engine(settings("logistic-regression", Map.of()));
    List<JoinedExample> stream = ServingExamples.stream(3, 600, -1);
    stream.subList(0, 400).forEach(whole::feed);
    stream.subList(0, 400).forEach(chunked::feed);

    byte[] bytes = whole.trainer.checkpoint();
    List<byte[]> chunks = chunked.trainer.checkpointChunks(1000);
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    chunks.forEach(joined::writeBytes);

    assertThat(joined.toByteArray()).isEqualTo(bytes);
    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length).isBetween(1, 1000));
    assertThat(bytes.length).isLessThan(Trainer.CHECKPOINT_CHUNK_BYTES);
    assertThat(chunked.trainer.checkpointChunks()).hasSize(1);
    assertThat(chunked.trainer.logStart()).isEqualTo(whole.trainer.logStart());

    Trainer fromChunks = Trainer.restoreFromChunks(chunked.settings, chunks, List.of());
    Trainer fromBytes = Trainer.restore(whole.settings, bytes, List.of());
    for (JoinedExample e : stream.subList(400, 600)) {
      fromChunks.learn(e);
      fromBytes.learn(e);
    }
    assertThat(fromChunks.checkpoint()).isEqualTo(fromBytes.checkpoint());
    assertThat(fromChunks.examplesSeen()).isEqualTo(600);
  }

  @Test
  void shouldCheckpointEveryTenSnapshotsWorthOfUpdatesAtMostTenThousand() {
    assertThat(Trainer.checkpointInterval(settings("logistic-regression", Map.of())))
        .isEqualTo(250);
    assertThat(Trainer.checkpointInterval(ModelStageSettings.defaults("m"))).isEqualTo(10_000);
    assertThat(
            Trainer.checkpointInterval(
                ModelStageSettings.defaults("m")
                    .withSnapshot(
                        new ModelStageSettings.SnapshotCadence(0, Duration.ofSeconds(1)))))
        .isEqualTo(10_000);
  }

  private static ModelStageSettings.ConceptDrift drift(
      ModelStageSettings.ConceptDrift.Response response) {
    return new ModelStageSettings.ConceptDrift(
        ModelStageSettings.ConceptDrift.Detector.ADWIN,
        0.002,
        0.01,
        response,
        Duration.ofHours(1),
        Duration.ZERO);
  }

  @Test
  void shouldLogTheJoinedExamplesBytesAsTheyCameAndLearnThemAsTheDecodedExample() {
    ModelStageSettings s = settings("logistic-regression", Map.of("optimizer", "sgd"));
    Trainer fromBytes = Trainer.create(s);
    Trainer fromValues = Trainer.create(s);

    for (JoinedExample e : ServingExamples.stream(11, 200, -1)) {
      byte[] joined = ExampleCodec.encode(e);
      byte[] entry = fromBytes.learn(joined).logEntry().bytes();

      assertThat(entry[0]).isEqualTo((byte) LogEntry.EXAMPLE);
      assertThat(java.util.Arrays.copyOfRange(entry, 1, entry.length)).isEqualTo(joined);
      assertThat(fromValues.learn(e).logEntry().bytes()).isEqualTo(entry);
    }
    assertThat(fromBytes.publish().model().state()).isEqualTo(fromValues.publish().model().state());
    assertThatThrownBy(() -> fromBytes.learn(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unreadable joined example bytes");
  }
}
