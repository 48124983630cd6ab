package io.streamlearn.features.stage;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.MINUTE;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.text;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The single-task plan's stage ({@link SingleTaskStage}) computes what the keyed plan computes: the
 * vectors of the core's {@link LocalFeaturePipeline} and of {@link ReferenceFeatures} in both emit
 * modes, the same dead letters, states deleted once the watermark passes their expiry, and a
 * snapshot that continues exactly where the stage was.
 */
class SingleTaskStageTest {

  private static final FeatureStageSettings DEFAULTS = FeatureStageSettings.defaults();

  /**
   * Windows of hours over customers only: the TTL is a day, so that customers who pause for a day
   * lose their state and get a new one mid-stream (the labels are not an input of this spec).
   */
  private static final FeatureStageSettings SHORT_LIVED =
      FeatureStageSettings.forSpec(
          FeatureSpecYaml.parse(
              """
              name: short-lived
              version: 1
              entityKeys: [customerId]
              resolution: 1h
              features:
                - {name: N_2H, type: aggregate, entity: customerId, function: count, window: 2h}
                - {name: AVG_2H, type: aggregate, entity: customerId, function: mean, field: amount, window: 2h}
                - {name: MAX_3H, type: aggregate, entity: customerId, function: max, field: amount, window: 3h}
              """,
              "short-lived.yaml"));

  private static SimulatedInputs simulated;

  @BeforeAll
  static void simulate() {
    simulated = SimulatedInputs.of(150, 20, 42L);
  }

  // ---- what the stage emits, in order ----

  /** A vector as the stage emitted it. */
  record Vector(TransactionFeatures features, long ingestTimeMillis) {}

  /** Every output of a stage, in emission order; an applied outcome is {@link #OUTCOME}. */
  static final class Recorder implements SingleTaskStage.Output {
    static final String OUTCOME = "outcome applied";
    final List<Object> all = new ArrayList<>();

    @Override
    public void vector(TransactionFeatures features, long ingestTimeMillis) {
      all.add(new Vector(features, ingestTimeMillis));
    }

    @Override
    public void deadLetter(DeadLetterRecord letter) {
      all.add(letter);
    }

    @Override
    public void outcomeApplied() {
      all.add(OUTCOME);
    }

    List<TransactionFeatures> vectors() {
      return all.stream()
          .filter(Vector.class::isInstance)
          .map(v -> ((Vector) v).features())
          .toList();
    }

    List<DeadLetterRecord> letters() {
      return all.stream()
          .filter(DeadLetterRecord.class::isInstance)
          .map(DeadLetterRecord.class::cast)
          .toList();
    }

    long outcomes() {
      return all.stream().filter(OUTCOME::equals).count();
    }
  }

  /**
   * Feeds a stage as the Flink source does: each input as read from Kafka (its offset its position
   * in the feed), the watermark following the newest time seen minus the allowed lateness (as
   * {@code forBoundedOutOfOrderness}: one millisecond below).
   */
  static final class Feed {
    final SingleTaskStage stage;
    final Recorder out;
    private final long lateness;
    private long newest = Long.MIN_VALUE;
    private long offset;

    Feed(SingleTaskStage stage, Recorder out, FeatureStageSettings settings, long firstOffset) {
      this.stage = stage;
      this.out = out;
      this.lateness = settings.allowedLateness().toMillis();
      this.offset = firstOffset;
    }

    void accept(FeatureInput input) {
      stage.accept(sourceEvent(input, offset++), out);
      newest = Math.max(newest, input.time());
      stage.advanceWatermark(newest - lateness - 1, out);
    }

    void acceptAll(List<FeatureInput> inputs) {
      inputs.forEach(this::accept);
    }

    void end() {
      stage.advanceWatermark(Long.MAX_VALUE, out);
    }
  }

  static SourceEvent sourceEvent(FeatureInput input, long offset) {
    return input instanceof FeatureInput.Transaction transaction
        ? event(transaction.event(), offset)
        : event(((FeatureInput.Label) input).event(), offset);
  }

  private static SingleTaskStage stage(FeatureStageSettings settings) {
    return new SingleTaskStage(new FeatureStage(settings, FeatureTopics.DEFAULTS));
  }

  /** How long after a transaction its label can still count: the join entry's lifetime. */
  private static long horizon(FeatureStageSettings settings) {
    return new FeatureStage(settings, FeatureTopics.DEFAULTS).plan().labelJoin().horizonMillis();
  }

  private static FeatureRun local(FeatureStageSettings settings, List<FeatureInput> canonical) {
    return LocalFeaturePipeline.run(
        new FeatureStage(settings, FeatureTopics.DEFAULTS).plan(),
        LocalFeaturePipeline.Storage.OBJECTS,
        canonical);
  }

  /**
   * The simulated stream as it arrives with disorder within the allowed lateness: each input
   * arrives up to half the lateness after its time.
   */
  private static List<FeatureInput> disordered(
      List<FeatureInput> inputs, FeatureStageSettings settings, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long jitter = settings.allowedLateness().toMillis() / 2;
    record Arrival(long at, FeatureInput input) {}
    List<Arrival> arrivals = new ArrayList<>();
    for (FeatureInput input : inputs) {
      arrivals.add(new Arrival(input.time() + random.nextLong(jitter), input));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at));
    return arrivals.stream().map(Arrival::input).toList();
  }

  // ---- parity ----

  @Test
  void onArrivalGivesTheVectorsOfTheCoreAndTheReferenceOnCanonicalInput() {
    List<FeatureInput> canonical = simulated.inCanonicalOrder();
    Feed feed = new Feed(stage(DEFAULTS), new Recorder(), DEFAULTS, 0);

    feed.acceptAll(canonical);
    feed.end();

    FeatureRun local = local(DEFAULTS, canonical);
    assertThat(feed.out.vectors()).containsExactlyElementsOf(local.vectors());
    assertThat(feed.out.letters()).isEmpty();
    assertThat(feed.out.outcomes()).isPositive();
    FeatureRun reference =
        ReferenceFeatures.run(DEFAULTS.spec(), DEFAULTS.streamSettings(), canonical);
    ParityAssertions.assertMatchesReference(
        DEFAULTS.spec(),
        reference,
        feed.out.vectors().stream().map(v -> FeatureVectorMapping.toAvro(v, 0L)).toList());
  }

  @Test
  void onWatermarkGivesTheVectorsOfTheCoreAndTheReferenceFromDisorderedInput() {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(EmitMode.ON_WATERMARK);
    Feed feed = new Feed(stage(settings), new Recorder(), settings, 0);

    feed.acceptAll(disordered(simulated.inStreamOrder(), settings, 7L));
    assertThat(feed.stage.waitingCount()).isPositive();
    feed.end();

    List<FeatureInput> canonical = simulated.inCanonicalOrder();
    assertThat(feed.out.vectors()).containsExactlyElementsOf(local(settings, canonical).vectors());
    assertThat(feed.out.letters()).isEmpty();
    assertThat(feed.stage.waitingCount()).isZero();
    FeatureRun reference =
        ReferenceFeatures.run(settings.spec(), settings.streamSettings(), canonical);
    ParityAssertions.assertMatchesReference(
        settings.spec(),
        reference,
        feed.out.vectors().stream().map(v -> FeatureVectorMapping.toAvro(v, 0L)).toList());
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void statesDeletedMidStreamChangeNoVector(EmitMode mode) {
    FeatureStageSettings settings = SHORT_LIVED.withEmitMode(mode);
    List<FeatureInput> input =
        mode == EmitMode.ON_ARRIVAL
            ? simulated.inCanonicalOrder()
            : disordered(simulated.inStreamOrder(), settings, 11L);
    Feed feed = new Feed(stage(settings), new Recorder(), settings, 0);
    Set<String> customers = new HashSet<>();
    for (FeatureInput next : input) {
      feed.accept(next);
      if (next instanceof FeatureInput.Transaction transaction) {
        customers.add(transaction.event().customerId());
      }
    }
    // some customers had their state deleted while the stream went on (the TTL is a day)
    assertThat(customers.size() - feed.stage.entityStateCount()).isPositive();
    feed.end();

    assertThat(feed.out.vectors())
        .containsExactlyElementsOf(local(settings, simulated.inCanonicalOrder()).vectors());
    assertThat(feed.out.letters()).isEmpty();
  }

  // ---- dead letters ----

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void anInvalidRecordGoesToTheDeadLetterTopicOfItsInputAtOnce(EmitMode mode) {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    FeatureStage features = new FeatureStage(settings, FeatureTopics.DEFAULTS);
    SingleTaskStage stage = new SingleTaskStage(features);
    Recorder out = new Recorder();
    SourceEvent failed =
        SourceEvent.failed(
            new OriginalRecord("labels", 2, 17, T0, "k".getBytes(), new byte[] {0x7b}, List.of()),
            SourceEvent.Kind.LABEL,
            new SourceEvent.Failure(
                "UNKNOWN_MAGIC_BYTE",
                "io.streamlearn.platform.serde.AvroSerdeException",
                "unknown magic byte 0x7b",
                FeatureStage.DESERIALIZE_STAGE));

    stage.accept(failed, out);

    assertThat(out.all).containsExactly(features.deadLetterOf(failed));
    assertThat(out.letters().get(0).topic()).isEqualTo("labels.dlq");
    assertThat(stage.waitingCount()).isZero();
    assertThat(stage.joinEntryCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aTransactionLaterThanTheLatenessGoesToTheLateEvents(EmitMode mode) {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    Feed feed = new Feed(stage(settings), new Recorder(), settings, 0);
    feed.accept(new FeatureInput.Transaction(transaction("a", T0 + 5 * HOUR, "c1", "t1", 10)));
    feed.stage.advanceWatermark(T0 + 5 * HOUR, feed.out); // on watermark: releases a

    feed.accept(new FeatureInput.Transaction(transaction("b", T0, "c1", "t9", 10)));

    assertThat(feed.out.vectors()).extracting(TransactionFeatures::transactionId).containsOnly("a");
    DeadLetterRecord late = feed.out.letters().get(0);
    assertThat(feed.out.letters()).hasSize(1);
    assertThat(late.topic()).isEqualTo("late-events");
    assertThat(late.outcome()).isEqualTo(RecordOutcome.LATE);
    assertThat(late.reason()).isEqualTo(FeatureStage.LATE_EVENT);
    assertThat(text(late.key())).isEqualTo("b");
    assertThat(text(late.value())).isEqualTo("tx:b");
    assertThat(late.header(DeadLetterHeaders.FAILED_STAGE)).isEqualTo("features.customerId");
    assertThat(late.header(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aLabelWhoseTransactionNeverComesIsDeadLetteredWhenTheWatermarkPassesItsExpiry(
      EmitMode mode) {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    SingleTaskStage stage = stage(settings);
    Recorder out = new Recorder();
    long labelTime = T0 + 8 * DAY + 17 * MINUTE + 3;
    long expiresAt = labelTime + horizon(settings);
    stage.accept(event(label("ghost", true, labelTime), 5), out);
    stage.advanceWatermark(labelTime, out);
    assertThat(stage.joinEntryCount()).isEqualTo(1);

    stage.advanceWatermark(expiresAt, out);
    assertThat(out.letters()).isEmpty();
    assertThat(stage.joinEntryCount()).isEqualTo(1);

    stage.advanceWatermark(expiresAt + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    DeadLetterRecord letter = out.letters().get(0);
    assertThat(out.all).containsExactly(letter);
    assertThat(letter.topic()).isEqualTo("labels.dlq");
    assertThat(letter.outcome()).isEqualTo(RecordOutcome.EXPIRED);
    assertThat(letter.reason()).isEqualTo("LABEL_WITHOUT_TRANSACTION");
    assertThat(text(letter.value())).isEqualTo("label:ghost");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("5");
    assertThat(stage.joinEntryCount()).isZero();
  }

  // ---- expiry ----

  @Test
  void aStateIsKeptOneBucketBeforeItsExpiryAndDeletedAfter() {
    SingleTaskStage stage = stage(DEFAULTS);
    Recorder out = new Recorder();
    stage.accept(event(transaction("a", T0, "c1", "t1", 10), 0), out);
    long stateExpiry = T0 + DEFAULTS.keyTtl().toMillis();
    long joinExpiry = T0 + horizon(DEFAULTS);
    assertThat(joinExpiry).isLessThan(stateExpiry - SingleTaskStage.EXPIRY_BUCKET_MILLIS);
    assertThat(stage.entityStateCount()).isEqualTo(2);
    assertThat(stage.joinEntryCount()).isEqualTo(1);

    stage.advanceWatermark(joinExpiry + 1 - SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    assertThat(stage.joinEntryCount()).isEqualTo(1);
    stage.advanceWatermark(joinExpiry + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    assertThat(stage.joinEntryCount()).isZero();

    stage.advanceWatermark(stateExpiry + 1 - SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    assertThat(stage.entityStateCount()).isEqualTo(2);
    stage.advanceWatermark(stateExpiry + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    assertThat(stage.entityStateCount()).isZero();
    assertThat(out.letters()).isEmpty();
  }

  @Test
  void aStateThatMovedOnIsKeptUntilItsNewExpiry() {
    SingleTaskStage stage = stage(DEFAULTS);
    Recorder out = new Recorder();
    stage.accept(event(transaction("a", T0, "c1", "t1", 10), 0), out);
    stage.accept(event(transaction("b", T0 + 3 * DAY, "c1", "t2", 10), 1), out);
    long firstExpiry = T0 + DEFAULTS.keyTtl().toMillis();

    stage.advanceWatermark(firstExpiry + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);

    assertThat(stage.entityStateCount()).as("c1 and t2").isEqualTo(2);
    stage.advanceWatermark(firstExpiry + 3 * DAY + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);
    assertThat(stage.entityStateCount()).isZero();
  }

  @Test
  void aJoinEntryWhoseTransactionCameAfterItsLabelIsDeletedAtTheTransactionsExpiry() {
    SingleTaskStage stage = stage(DEFAULTS);
    Recorder out = new Recorder();
    long transactionTime = T0 + DAY;
    // a replay that reads the labels first: the label waits, then its transaction comes
    stage.accept(event(label("a", true, transactionTime + 2 * DAY), 0), out);
    stage.accept(event(transaction("a", transactionTime, "c1", "t1", 10), 0), out);
    assertThat(out.outcomes()).isEqualTo(1);
    long joinExpiry = transactionTime + horizon(DEFAULTS);

    stage.advanceWatermark(joinExpiry + SingleTaskStage.EXPIRY_BUCKET_MILLIS, out);

    assertThat(stage.joinEntryCount()).isZero();
    assertThat(out.letters()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void theEndOfTheStreamDeletesEveryState(EmitMode mode) {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    Feed feed = new Feed(stage(settings), new Recorder(), settings, 0);
    feed.acceptAll(simulated.inStreamOrder());
    assertThat(feed.stage.entityStateCount()).isPositive();
    assertThat(feed.stage.joinEntryCount()).isPositive();

    feed.end();

    assertThat(feed.stage.entityStateCount()).isZero();
    assertThat(feed.stage.joinEntryCount()).isZero();
    assertThat(feed.stage.waitingCount()).isZero();
    assertThat(feed.stage.watermark()).isEqualTo(Long.MAX_VALUE);
  }

  // ---- checkpoints ----

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aRestoredSnapshotContinuesWithExactlyTheOutputsOfTheUninterruptedStage(EmitMode mode) {
    for (FeatureStageSettings base : List.of(DEFAULTS, SHORT_LIVED)) {
      FeatureStageSettings settings = base.withEmitMode(mode);
      List<FeatureInput> input =
          mode == EmitMode.ON_ARRIVAL
              ? simulated.inCanonicalOrder()
              : disordered(simulated.inStreamOrder(), settings, 3L);
      int cut = input.size() * 3 / 5;
      Feed uninterrupted = new Feed(stage(settings), new Recorder(), settings, 0);
      uninterrupted.acceptAll(input.subList(0, cut));
      int before = uninterrupted.out.all.size();
      List<byte[]> chunks = new ArrayList<>();
      uninterrupted.stage.snapshot(chunks::add);
      uninterrupted.acceptAll(input.subList(cut, input.size()));
      uninterrupted.end();

      SingleTaskStage restored = stage(settings);
      restored.restore(chunks);
      assertThat(restored.entityStateCount()).isPositive();
      if (mode == EmitMode.ON_WATERMARK) {
        assertThat(restored.waitingCount()).as("inputs waiting at the snapshot").isPositive();
      }
      if (base == DEFAULTS) {
        assertThat(restored.joinEntryCount()).isPositive();
      }
      // as after a restart: the source's watermark starts again from the records read
      Feed resumed = new Feed(restored, new Recorder(), settings, cut);
      resumed.acceptAll(input.subList(cut, input.size()));
      resumed.end();

      List<Object> after = uninterrupted.out.all.subList(before, uninterrupted.out.all.size());
      assertThat(resumed.out.vectors()).isNotEmpty();
      assertThat(resumed.out.all).as(settings.spec().specVersion()).isEqualTo(after);
    }
  }

  @Test
  void snapshotChunksStayUnderHalfOfTheSmallestG1Region() {
    Feed feed = new Feed(stage(DEFAULTS), new Recorder(), DEFAULTS, 0);
    feed.acceptAll(SimulatedInputs.of(300, 20, 42L).inCanonicalOrder()); // a state of 2+ chunks
    List<byte[]> chunks = new ArrayList<>();
    feed.stage.snapshot(chunks::add);

    long total = chunks.stream().mapToLong(c -> c.length).sum();
    assertThat(total)
        .as("a state of several chunks")
        .isGreaterThan((long) SingleTaskStage.CHUNK_BYTES);
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThan(512 * 1024));
    SingleTaskStage restored = stage(DEFAULTS);
    restored.restore(chunks);
    assertThat(restored.entityStateCount()).isEqualTo(feed.stage.entityStateCount());
    assertThat(restored.joinEntryCount()).isEqualTo(feed.stage.joinEntryCount());
  }

  private static List<FeatureInput> inputFor(EmitMode mode, FeatureStageSettings settings) {
    return mode == EmitMode.ON_ARRIVAL
        ? simulated.inCanonicalOrder()
        : disordered(simulated.inStreamOrder(), settings, 3L);
  }

  private static List<byte[]> snapshotOf(SingleTaskStage stage) {
    List<byte[]> chunks = new ArrayList<>();
    stage.snapshot(chunks::add);
    return chunks;
  }

  private static List<byte[]> chunksOf(SingleTaskStage.Capture capture) {
    List<byte[]> chunks = new ArrayList<>();
    capture.writeTo(chunks::add);
    return chunks;
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aCaptureEncodedAfterTheStageWentOnWritesTheStateOfItsMoment(EmitMode mode) {
    for (FeatureStageSettings base : List.of(DEFAULTS, SHORT_LIVED)) {
      FeatureStageSettings settings = base.withEmitMode(mode);
      List<FeatureInput> input = inputFor(mode, settings);
      int cut = input.size() / 2;
      Feed captured = new Feed(stage(settings), new Recorder(), settings, 0);
      Feed plain = new Feed(stage(settings), new Recorder(), settings, 0);
      captured.acceptAll(input.subList(0, cut));
      plain.acceptAll(input.subList(0, cut));
      List<byte[]> atTheCut = snapshotOf(plain.stage);

      SingleTaskStage.Capture capture = captured.stage.capture();
      assertThat(capture.entityStateCount()).isEqualTo(plain.stage.entityStateCount());
      assertThat(capture.joinEntryCount()).isEqualTo(plain.stage.joinEntryCount());
      assertThat(capture.waitingCount()).isEqualTo(plain.stage.waitingCount());
      // the stage goes on, changing (copies of) the captured states, and deleting some at the end
      captured.acceptAll(input.subList(cut, input.size()));
      plain.acceptAll(input.subList(cut, input.size()));
      assertThat(chunksOf(capture))
          .as("%s: the capture, encoded after the stage went on", settings.spec().specVersion())
          .containsExactlyElementsOf(atTheCut);
      assertThat(snapshotOf(captured.stage)).containsExactlyElementsOf(snapshotOf(plain.stage));
      captured.end();
      plain.end();
      assertThat(captured.out.vectors()).isNotEmpty();
      assertThat(captured.out.all).isEqualTo(plain.out.all);
      assertThat(chunksOf(capture)).as("encoded again").containsExactlyElementsOf(atTheCut);
    }
  }

  @Test
  void capturesEncodedOnAnotherThreadWhileTheStageGoesOnRestoreToTheirMoments() throws Exception {
    List<FeatureInput> input = simulated.inCanonicalOrder();
    Feed live = new Feed(stage(DEFAULTS), new Recorder(), DEFAULTS, 0);
    Feed plain = new Feed(stage(DEFAULTS), new Recorder(), DEFAULTS, 0);
    java.util.concurrent.ExecutorService encoder =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      List<java.util.concurrent.Future<List<byte[]>>> encoded = new ArrayList<>();
      List<List<byte[]>> expected = new ArrayList<>();
      int step = input.size() / 8;
      for (int from = 0; from < input.size(); from += step) {
        List<FeatureInput> part = input.subList(from, Math.min(input.size(), from + step));
        live.acceptAll(part);
        plain.acceptAll(part);
        SingleTaskStage.Capture capture = live.stage.capture();
        encoded.add(encoder.submit(() -> chunksOf(capture)));
        expected.add(snapshotOf(plain.stage));
      }
      live.end();
      plain.end();
      assertThat(live.out.all).isEqualTo(plain.out.all);
      for (int i = 0; i < encoded.size(); i++) {
        List<byte[]> chunks = encoded.get(i).get();
        assertThat(chunks).as("capture %d", i).containsExactlyElementsOf(expected.get(i));
        SingleTaskStage restored = stage(DEFAULTS);
        restored.restore(chunks);
        assertThat(snapshotOf(restored)).hasSameSizeAs(chunks);
      }
    } finally {
      encoder.shutdownNow();
    }
  }

  @Test
  void aSnapshotLargerThanAChunkIsWrittenInSeveralChunksAndRestoredWhole() {
    SingleTaskStage stage = stage(DEFAULTS);
    Recorder out = new Recorder();
    for (int i = 0; i < 30_000; i++) {
      stage.accept(
          event(transaction("tx" + i, T0 + i * 1000L, "c" + i, "t" + i, 1 + i % 50), i), out);
    }
    List<byte[]> chunks = new ArrayList<>();
    stage.snapshot(chunks::add);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length).isLessThan((1 << 20) + 4096));
    SingleTaskStage restored = stage(DEFAULTS);
    restored.restore(chunks);
    assertThat(restored.entityStateCount()).isEqualTo(60_000);
    assertThat(restored.joinEntryCount()).isEqualTo(30_000);
    List<byte[]> again = new ArrayList<>();
    restored.snapshot(again::add);
    assertThat(again.stream().mapToInt(c -> c.length).sum())
        .isEqualTo(chunks.stream().mapToInt(c -> c.length).sum());
  }

  @Test
  void joinEntriesOfEveryFormRestoreFromTheFlatFormatAndFromTheEarlierOne() {
    String uuid = "550e8400-e29b-41d4-a716-446655440000"; // too long for the key words
    List<SourceEvent> before =
        List.of(
            event(transaction("short", T0, "c1", "t1", 10), 0), // waits for its label
            event(transaction(uuid, T0, "c2", "t2", 10), 1), // waits too, by a long id
            event(label("first", true, T0 + 2 * DAY), 0), // waits for its transaction
            event(label(uuid + "-first", false, T0 + 2 * DAY), 1), // likewise, by a long id
            event(transaction("done", T0, "c1", "t1", 10), 2),
            event(label("done", true, T0 + DAY), 2)); // joined: answers duplicates
    List<SourceEvent> after =
        List.of(
            event(label("short", true, T0 + DAY), 3),
            event(label(uuid, true, T0 + DAY), 4),
            event(transaction("first", T0 + HOUR, "c3", "t3", 10), 5),
            event(transaction(uuid + "-first", T0 + HOUR, "c3", "t4", 10), 6),
            event(label("done", false, T0 + 3 * DAY), 7)); // a duplicate label: dead-lettered

    SingleTaskStage uninterrupted = stage(DEFAULTS);
    Recorder expected = new Recorder();
    before.forEach(e -> uninterrupted.accept(e, expected));
    List<byte[]> flat = new ArrayList<>();
    uninterrupted.snapshot(flat::add);
    int cut = expected.all.size();
    after.forEach(e -> uninterrupted.accept(e, expected));
    List<Object> expectedAfter = expected.all.subList(cut, expected.all.size());
    assertThat(expectedAfter).contains(Recorder.OUTCOME);
    assertThat(expected.letters()).hasSize(1);

    // the join entries in the earlier format, each as its id and its JoinEntry bytes (the
    // entity states left out: nothing after the cut reads those of before)
    FeatureStage featureStage = new FeatureStage(DEFAULTS, FeatureTopics.DEFAULTS);
    ByteWriter earlier = new ByteWriter(1024);
    earlier.writeByte(1); // the chunk format's version
    for (String id : List.of("short", uuid, "first", uuid + "-first", "done")) {
      JoinEntry entry = featureStage.newJoinEntry();
      for (SourceEvent input : before) {
        if (input.kind() == SourceEvent.Kind.TRANSACTION
            && input.transaction().transactionId().equals(id)) {
          featureStage.joinTransaction(entry, input.transaction(), input.original());
        } else if (input.kind() == SourceEvent.Kind.LABEL
            && input.label().transactionId().equals(id)) {
          featureStage.joinLabel(entry, new StagedLabel(input.label(), input.original()));
        }
      }
      earlier.writeByte(2); // JOIN_ENTRY
      earlier.writeString(id);
      earlier.writeBytes(entry.toBytes());
    }
    for (List<byte[]> chunks : List.of(flat, List.of(earlier.toByteArray()))) {
      SingleTaskStage restored = stage(DEFAULTS);
      restored.restore(chunks);
      assertThat(restored.joinEntryCount()).isEqualTo(5);
      Recorder out = new Recorder();
      after.forEach(e -> restored.accept(e, out));
      assertThat(out.all).isEqualTo(expectedAfter);
    }
  }

  @Test
  void restoreRejectsAChunkOfAnotherFormatVersion() {
    SingleTaskStage stage = stage(DEFAULTS);
    stage.accept(event(transaction("a", T0, "c1", "t1", 10), 0), new Recorder());
    List<byte[]> chunks = new ArrayList<>();
    stage.snapshot(chunks::add);
    byte[] chunk = chunks.get(0).clone();
    chunk[0] = 2;

    assertThatThrownBy(() -> stage(DEFAULTS).restore(List.of(chunk)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("single-task feature state has format version 2; this build reads 1");
    assertThatThrownBy(() -> stage.restore(chunks))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("new single-task stage only");
  }

  @Test
  void restoreRejectsTheStateOfAnotherSpec() {
    SingleTaskStage stage = stage(DEFAULTS);
    stage.accept(event(transaction("a", T0, "c1", "t1", 10), 0), new Recorder());
    List<byte[]> chunks = new ArrayList<>();
    stage.snapshot(chunks::add);

    assertThatThrownBy(() -> stage(SHORT_LIVED).restore(chunks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customerId state was written for a different feature layout");
  }

  @Test
  void theExpiryQueueHandsOverWholeBucketsOnceTheWatermarkReachesTheirEnd() {
    long width = SingleTaskStage.EXPIRY_BUCKET_MILLIS;
    assertThat(SingleTaskStage.ExpiryQueue.bucketOf(T0)).isEqualTo(T0);
    assertThat(SingleTaskStage.ExpiryQueue.bucketOf(T0 + 1)).isEqualTo(T0 + width);
    assertThat(SingleTaskStage.ExpiryQueue.bucketOf(-width - 1)).isEqualTo(-width);
    assertThat(SingleTaskStage.ExpiryQueue.bucketOf(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
    SingleTaskStage.ExpiryQueue queue = new SingleTaskStage.ExpiryQueue();
    queue.add(T0 + 1, 0L, 1L, "a");
    queue.add(T0 + width, 0L, 1L, "b");
    queue.add(T0 - 5, 0L, 1L, "c");
    queue.add(T0 + 2, 0L, 1L, "d");

    assertThat(queue.pollDue(T0 - 1)).isNull();
    assertThat(ids(queue.pollDue(T0))).containsExactly("c");
    assertThat(queue.pollDue(T0 + width - 1)).isNull();
    queue.add(T0 + width, 0L, 1L, "e"); // into the bucket not handed over yet
    assertThat(ids(queue.pollDue(Long.MAX_VALUE))).containsExactly("a", "b", "d", "e");
    assertThat(queue.pollDue(Long.MAX_VALUE)).isNull();
    queue.add(T0 + 1, 0L, 1L, "f"); // a bucket handed over is started anew
    assertThat(ids(queue.pollDue(T0 + width))).containsExactly("f");
  }

  private static List<String> ids(SingleTaskStage.Bucket bucket) {
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < bucket.size(); k++) {
      ids.add(bucket.id(k));
    }
    return ids;
  }
}
