package io.streamlearn.model.core.serving;

import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.LearnerCodec;
import io.streamlearn.model.core.LearnerSpec;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.imbalance.ClassWeightedClassifier;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.ConceptDriftMonitor;
import io.streamlearn.monitoring.core.state.StateFormat;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single writer of a model: it learns the joined examples in the order it receives them, counts
 * them, watches its own error stream for concept drift, applies the configured drift response, and
 * says when to publish a snapshot. Engines feed it and keep its state; they never touch the
 * learner.
 *
 * <p><b>Per example</b> ({@link #learn}): the served score and the label update the quality
 * metrics; the model predicts the example (test-then-train: its own error stream, independent of
 * which snapshot served the score); the warning detector (ADWIN at {@code warningDelta}, as in the
 * Adaptive Random Forest of Gomes et al., Machine Learning 106, 2017) and the drift detector (the
 * monitoring core's {@link ConceptDriftMonitor}) see the error; a warning starts a background model
 * when the response is {@code promote-background}; a drift alert applies the response (keep the
 * model, replace it by a fresh one, or promote the background model); then the model, and the
 * background model if any, learn the example. A replaced model gets fresh detectors.
 *
 * <p><b>Durability</b>: an engine appends each {@link LogEntry} ({@link TrainerStep#logEntry()},
 * {@link Publication#logEntry()}) to a durable log, in the same transaction as the input it
 * consumed, and stores {@link #checkpoint()} when {@link #checkpointDue()}, dropping the entries
 * before {@link #logStart()}. {@link #restore} replays the log onto the checkpoint: the trainer is
 * back exactly where it was, without re-learning or losing an example, and its next snapshot gets
 * the next version.
 *
 * <p>Deterministic: the same examples in the same order give byte-identical snapshots. Not
 * thread-safe.
 */
public final class Trainer {

  /** The longest log between two checkpoints, in examples. */
  public static final int MAX_CHECKPOINT_INTERVAL = 10_000;

  private static final String KIND = "model-trainer";
  private static final int VERSION = 2;

  /** {@link #firstEventTime} before the first example. */
  private static final long NONE = Long.MIN_VALUE;

  private final ModelStageSettings settings;
  private final LearnerSpec<?> spec;
  private final FeatureSchemas schemas = new FeatureSchemas();
  private final long checkpointEvery;
  private OnlineClassifier model;
  private OnlineClassifier background;
  private ConceptDriftMonitor drift;
  private ConceptDriftMonitor warning;
  private FeatureStatistics features = new FeatureStatistics();
  private ModelQuality quality;
  private long examplesSeen;
  private long modelExamples;
  private long backgroundExamples;
  private long version;
  private long updatesSinceSnapshot;
  private long lastEventTime;
  private long responsesNone;
  private long responsesReset;
  private long responsesPromote;
  private long logSequence;
  private long logStart;
  private long examplesSinceCheckpoint;
  private long firstEventTime = NONE;

  private Trainer(ModelStageSettings settings) {
    this.settings = settings;
    this.spec = settings.learnerSpec();
    this.checkpointEvery = checkpointInterval(settings);
    this.model = spec.create();
    this.quality = new ModelQuality(settings.quality(), settings.threshold());
    newDetectors();
  }

  /** A trainer with a fresh model. */
  public static Trainer create(ModelStageSettings settings) {
    return new Trainer(settings);
  }

  /**
   * The trainer saved by {@link #checkpoint()} (or a fresh one when {@code checkpoint} is null),
   * with {@code log} replayed onto it: the entries from the checkpoint's {@link #logStart()} on, in
   * sequence order.
   *
   * @throws IllegalStateException when the checkpoint is unreadable, belongs to another model or
   *     learner configuration, or the log does not continue it
   */
  public static Trainer restore(ModelStageSettings settings, byte[] checkpoint, List<byte[]> log) {
    return restoreFromChunks(settings, checkpoint == null ? null : List.of(checkpoint), log);
  }

  /**
   * {@link #restore} from a checkpoint saved by {@link #checkpointChunks()} (or by {@link
   * #checkpoint()}, as one chunk): its chunks in order, or {@code null} for a fresh trainer.
   *
   * @throws IllegalStateException as {@link #restore}
   */
  public static Trainer restoreFromChunks(
      ModelStageSettings settings, List<byte[]> checkpoint, List<byte[]> log) {
    Trainer trainer = new Trainer(settings);
    if (checkpoint != null) {
      List<InputStream> parts = new ArrayList<>(checkpoint.size());
      checkpoint.forEach(chunk -> parts.add(new ByteArrayInputStream(chunk)));
      try {
        trainer.read(new DataInputStream(new SequenceInputStream(Collections.enumeration(parts))));
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot restore the trainer of model '" + settings.name() + "': " + e.getMessage(), e);
      }
    }
    for (byte[] entry : log) {
      trainer.replay(entry);
    }
    return trainer;
  }

  /** Learns one joined example. */
  public TrainerStep learn(JoinedExample example) {
    return learn(example, ExampleCodec.encode(example));
  }

  /**
   * Learns the joined example of {@code joined}, its {@link ExampleCodec} bytes (the label join's
   * output as the engines pass it on), which the log entry carries as they are.
   *
   * @throws IllegalArgumentException when the bytes are not a joined example of a known layout
   */
  public TrainerStep learn(byte[] joined) {
    return learn(ExampleCodec.decodeJoined(joined), joined);
  }

  private TrainerStep learn(JoinedExample example, byte[] joined) {
    quality.update(example);
    FeatureVector x = example.features().toVector(schemas);
    boolean y = example.label();
    long t = example.eventTimeMillis();
    List<TrainerEvent> events = new ArrayList<>(0);
    List<AlertEvent> alerts = new ArrayList<>(0);
    if (firstEventTime == NONE) {
      firstEventTime = t;
    }
    if (drift != null && t - firstEventTime >= settings.conceptDrift().warmup().toMillis()) {
      double p = errorScale(model, model.predictProbaOne(x));
      List<AlertEvent> warnings = warning.observe(t, y, p);
      if (!warnings.isEmpty()) {
        String cause = warnings.get(0).alertId();
        events.add(event(ModelEventType.WARNING, t, cause));
        if (settings.conceptDrift().response()
            == ModelStageSettings.ConceptDrift.Response.PROMOTE_BACKGROUND) {
          background = spec.create();
          backgroundExamples = 0;
          events.add(event(ModelEventType.BACKGROUND_STARTED, t, cause));
        }
      }
      List<AlertEvent> drifts = drift.observe(t, y, p);
      if (!drifts.isEmpty()) {
        AlertEvent alert = drifts.get(0);
        alerts.add(alert);
        events.add(respond(t, alert.alertId()));
      }
    }
    model.learnOne(x, y);
    if (background != null) {
      background.learnOne(x, y);
      backgroundExamples++;
    }
    features.update(example.features());
    examplesSeen++;
    modelExamples++;
    updatesSinceSnapshot++;
    examplesSinceCheckpoint++;
    lastEventTime = t;
    long everyUpdates = settings.snapshot().everyUpdates();
    boolean due = everyUpdates > 0 && updatesSinceSnapshot >= everyUpdates;
    return new TrainerStep(events, alerts, due, appendExample(joined));
  }

  /**
   * The probability the error stream judges at the threshold: a class-weighted model's with the
   * weighting undone. Balanced weights multiply the odds of a fraud by about a hundred, so at 0.5
   * most of the weighted model's errors are false positives whose number swings with every burst of
   * frauds it learns: an error stream that ADWIN finds changing all the time, on a stationary
   * world. Undone, the error is that of the decision an unweighted model would make, the same
   * signal with and without weighting.
   */
  private static double errorScale(OnlineClassifier model, double p) {
    return model instanceof ClassWeightedClassifier weighted
        ? weighted.unweightedProbability(p)
        : p;
  }

  private TrainerEvent respond(long t, String cause) {
    switch (settings.conceptDrift().response()) {
      case NONE:
        responsesNone++;
        return event(ModelEventType.DRIFT_DETECTED, t, cause);
      case PROMOTE_BACKGROUND:
        if (background != null) {
          TrainerEvent e = event(ModelEventType.BACKGROUND_PROMOTED, t, cause);
          model = background;
          modelExamples = backgroundExamples;
          background = null;
          responsesPromote++;
          newDetectors();
          return e;
        }
        return reset(t, cause);
      default:
        return reset(t, cause);
    }
  }

  private TrainerEvent reset(long t, String cause) {
    TrainerEvent e = event(ModelEventType.DRIFT_RESET, t, cause);
    model = spec.create();
    modelExamples = 0;
    background = null;
    responsesReset++;
    newDetectors();
    return e;
  }

  private TrainerEvent event(ModelEventType type, long t, String cause) {
    return new TrainerEvent(settings.name(), type, t, version, examplesSeen, cause);
  }

  private void newDetectors() {
    ModelStageSettings.ConceptDrift c = settings.conceptDrift();
    if (c.detector() == ModelStageSettings.ConceptDrift.Detector.NONE) {
      drift = null;
      warning = null;
    } else {
      drift = new ConceptDriftMonitor(c.driftSettings(settings.name(), settings.threshold()));
      warning = new ConceptDriftMonitor(c.warningSettings(settings.name(), settings.threshold()));
    }
  }

  /** Publishes the current model as the next snapshot version. */
  public Publication publish() {
    version++;
    updatesSinceSnapshot = 0;
    TreeMap<String, String> metadata = new TreeMap<>();
    metadata.put("learner", settings.learnerFingerprint());
    metadata.put("modelExamples", Long.toString(modelExamples));
    metadata.put(
        "driftResponses", Long.toString(responsesNone + responsesReset + responsesPromote));
    if (background != null) {
      metadata.put("backgroundExamples", Long.toString(backgroundExamples));
    }
    PublishedModel snapshot =
        new PublishedModel(
            settings.name(),
            version,
            model.kind(),
            model.formatVersion(),
            LearnerCodec.payload(model),
            examplesSeen,
            lastEventTime,
            features.means(),
            metadata);
    return new Publication(snapshot, appendPublished(version));
  }

  /** Whether the engine should store {@link #checkpoint()} now, bounding the log. */
  public boolean checkpointDue() {
    return examplesSinceCheckpoint >= checkpointEvery;
  }

  /** Examples between checkpoints: ten snapshots' worth of updates, at most 10,000. */
  static long checkpointInterval(ModelStageSettings settings) {
    long every = settings.snapshot().everyUpdates();
    return every == 0 ? MAX_CHECKPOINT_INTERVAL : Math.min(MAX_CHECKPOINT_INTERVAL, every * 10);
  }

  /**
   * The whole state, after which the log starts afresh at {@link #logStart()}. Layout, version 2,
   * after the header {@code ("model-trainer", 2)}: {@code UTF} model name and learner fingerprint
   * (both checked at restore); {@code long} examples seen, model examples, version, updates since
   * the snapshot, last event time, responses none, reset and promote, log sequence, event time of
   * the first example learned ({@code Long.MIN_VALUE} before it; version 1 has no such field and a
   * trainer restored from it counts its drift warm-up from its last example); the model ({@code
   * LearnerCodec}, header included); {@code boolean} background, then its {@code long} examples and
   * the learner; {@code int} length and bytes of the drift detector's state, then of the warning
   * detector's (length 0 when there is none); the feature statistics; the quality metrics.
   */
  public byte[] checkpoint() {
    markCheckpoint();
    return ExampleCodec.bytes(this::write);
  }

  /** The log starts afresh after the checkpoint being written. */
  private void markCheckpoint() {
    logStart = logSequence;
    examplesSinceCheckpoint = 0;
  }

  /** The size of the chunks of {@link #checkpointChunks()}. */
  public static final int CHECKPOINT_CHUNK_BYTES = 256 * 1024;

  /**
   * {@link #checkpoint()} as chunks of at most {@value #CHECKPOINT_CHUNK_BYTES} bytes, which
   * concatenated are its bytes; {@link #restoreFromChunks} reads them without concatenating them. A
   * checkpoint of megabytes (a large learner, quality metrics over many examples) is then never one
   * array: no chunk is a humongous object for G1, nor is any buffer it is written through.
   */
  public List<byte[]> checkpointChunks() {
    return checkpointChunks(CHECKPOINT_CHUNK_BYTES);
  }

  List<byte[]> checkpointChunks(int chunkBytes) {
    markCheckpoint();
    ByteArrayDataOutput out = ByteArrayDataOutput.chunked(chunkBytes);
    try {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the trainer: " + e.getMessage(), e);
    }
    return out.chunks();
  }

  private void write(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeUTF(settings.name());
    out.writeUTF(settings.learnerFingerprint());
    for (long v :
        new long[] {
          examplesSeen,
          modelExamples,
          version,
          updatesSinceSnapshot,
          lastEventTime,
          responsesNone,
          responsesReset,
          responsesPromote,
          logSequence,
          firstEventTime
        }) {
      out.writeLong(v);
    }
    LearnerCodec.write(model, out);
    out.writeBoolean(background != null);
    if (background != null) {
      out.writeLong(backgroundExamples);
      LearnerCodec.write(background, out);
    }
    writeBlob(out, drift == null ? null : ExampleCodec.bytes(drift::writeState));
    writeBlob(out, warning == null ? null : ExampleCodec.bytes(warning::writeState));
    features.writeState(out);
    quality.writeState(out);
  }

  private void read(DataInput in) throws IOException {
    int layout = StateFormat.readHeader(in, KIND, VERSION);
    String name = in.readUTF();
    if (!name.equals(settings.name())) {
      throw new IOException("the saved state is of model '" + name + "'");
    }
    String fingerprint = in.readUTF();
    if (!fingerprint.equals(settings.learnerFingerprint())) {
      throw new IOException(
          "the saved model was trained as "
              + fingerprint
              + " but the settings now say "
              + settings.learnerFingerprint()
              + "; give the new configuration a new model name (or application id) to start a"
              + " new model");
    }
    long[] v = new long[layout >= 2 ? 10 : 9];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readLong();
    }
    LearnerCodec codec = LearnerCodec.standard();
    OnlineClassifier restoredModel = codec.read(in);
    OnlineClassifier restoredBackground = null;
    long restoredBackgroundExamples = 0;
    if (in.readBoolean()) {
      restoredBackgroundExamples = in.readLong();
      restoredBackground = codec.read(in);
    }
    byte[] driftState = readBlob(in);
    byte[] warningState = readBlob(in);
    FeatureStatistics restoredFeatures = new FeatureStatistics();
    restoredFeatures.readState(in);
    ModelQuality restoredQuality = new ModelQuality(settings.quality(), settings.threshold());
    restoredQuality.readState(in);
    newDetectors();
    if (drift != null && driftState != null && warningState != null) {
      try {
        drift.readState(new DataInputStream(new ByteArrayInputStream(driftState)));
        warning.readState(new DataInputStream(new ByteArrayInputStream(warningState)));
      } catch (IOException e) {
        // the detector configuration changed since the checkpoint: the new detectors start afresh
        newDetectors();
      }
    }
    examplesSeen = v[0];
    modelExamples = v[1];
    version = v[2];
    updatesSinceSnapshot = v[3];
    lastEventTime = v[4];
    responsesNone = v[5];
    responsesReset = v[6];
    responsesPromote = v[7];
    logSequence = v[8];
    firstEventTime = layout >= 2 ? v[9] : examplesSeen > 0 ? lastEventTime : NONE;
    logStart = logSequence;
    model = restoredModel;
    background = restoredBackground;
    backgroundExamples = restoredBackgroundExamples;
    features = restoredFeatures;
    quality = restoredQuality;
  }

  private void replay(byte[] entry) {
    if (entry.length == 0) {
      throw new IllegalStateException("an empty trainer log entry");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
    try {
      int type = in.readUnsignedByte();
      if (type == LogEntry.EXAMPLE) {
        learn(Arrays.copyOfRange(entry, 1, entry.length));
      } else if (type == LogEntry.PUBLISHED) {
        long published = in.readLong();
        if (published != version + 1) {
          throw new IllegalStateException(
              "the trainer log records version " + published + " after version " + version);
        }
        version = published;
        updatesSinceSnapshot = 0;
        logSequence++;
      } else {
        throw new IllegalStateException("unknown trainer log entry type " + type);
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable trainer log entry: " + e.getMessage(), e);
    }
  }

  /** The log entry of an example: its type, then the joined example's bytes as they came. */
  private LogEntry appendExample(byte[] joined) {
    byte[] bytes = new byte[1 + joined.length];
    bytes[0] = LogEntry.EXAMPLE;
    System.arraycopy(joined, 0, bytes, 1, joined.length);
    return new LogEntry(logSequence++, bytes);
  }

  private LogEntry appendPublished(long publishedVersion) {
    byte[] bytes =
        ExampleCodec.bytes(
            out -> {
              out.writeByte(LogEntry.PUBLISHED);
              out.writeLong(publishedVersion);
            });
    return new LogEntry(logSequence++, bytes);
  }

  private static void writeBlob(DataOutput out, byte[] blob) throws IOException {
    if (blob == null) {
      out.writeInt(0);
    } else {
      out.writeInt(blob.length);
      out.write(blob);
    }
  }

  private static byte[] readBlob(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative state length " + n);
    }
    if (n == 0) {
      return null;
    }
    byte[] blob = new byte[n];
    in.readFully(blob);
    return blob;
  }

  /** The model's name. */
  public String modelName() {
    return settings.name();
  }

  /** Examples learned in total. */
  public long examplesSeen() {
    return examplesSeen;
  }

  /** The latest version published (0 before the first). */
  public long version() {
    return version;
  }

  /** Examples learned since the latest snapshot. */
  public long updatesSinceSnapshot() {
    return updatesSinceSnapshot;
  }

  /** The sequence of the first log entry after the latest checkpoint. */
  public long logStart() {
    return logStart;
  }

  /** The sequence the next log entry will get. */
  public long logSequence() {
    return logSequence;
  }

  /** The quality of the served scores so far. */
  public QualityValues quality() {
    return quality.values();
  }

  /** Drift responses taken, by {@code response} tag. */
  public Map<String, Long> driftResponses() {
    return Map.of(
        "none", responsesNone, "reset", responsesReset, "promote-background", responsesPromote);
  }

  /** The current model's prediction for {@code features}, e.g. to compare with a snapshot. */
  public double predict(ExampleFeatures x) {
    return model.predictProbaOne(x.toVector(schemas));
  }

  /** Whether a background model is learning. */
  public boolean hasBackground() {
    return background != null;
  }
}
