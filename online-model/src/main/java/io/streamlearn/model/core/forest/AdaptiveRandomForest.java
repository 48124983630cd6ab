package io.streamlearn.model.core.forest;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import io.streamlearn.model.core.tree.FeatureSpace;
import io.streamlearn.model.core.tree.FeatureSubspace;
import io.streamlearn.model.core.tree.SplitMix64;
import io.streamlearn.model.core.tree.TreeParameters;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Adaptive Random Forest (Gomes, Bifet, Read, Barddal, Enembreck, Pfahringer, Holmes and
 * Abdessalem, "Adaptive random forests for evolving data stream classification", Machine Learning
 * 106, 2017), as MOA's {@code meta.AdaptiveRandomForest}: Hoeffding trees whose leaves each split
 * on a random subset of the features, trained by online bagging (Poisson(λ = 6) weights), each
 * member watched by an ADWIN warning detector, which starts a background tree, and an ADWIN drift
 * detector, which swaps the background tree in; members vote with their normalised class
 * distributions weighted by their accuracy since they were last replaced.
 *
 * <p>Members can be trained on several threads ({@code threads}); every member owns a generator
 * seeded from the forest's seed and its position, which draws its bagging weights and its leaves'
 * subspaces, so the results are the same whatever the thread count. The forest encodes each example
 * once for all members. With more than one thread it holds a pool of daemon threads, which {@link
 * #close()} releases.
 *
 * <p>Byte layout, version 1: the {@linkplain AdaptiveRandomForestOptions#writeTo options}, the
 * {@linkplain FeatureSpace#writeTo feature names}, then each member ({@code ForestMember.writeTo}).
 * Departures from MOA are listed in {@code docs/TREES.md}.
 */
public final class AdaptiveRandomForest implements OnlineClassifier, AutoCloseable {

  /** The values of {@code subspace_mode}. */
  static final List<String> SUBSPACE_MODES =
      List.of("sqrt_plus_one", "percentage", "specified", "all_but_sqrt_plus_one");

  /** The catalog entry. */
  public static final LearnerKind<AdaptiveRandomForestOptions> KIND =
      LearnerKind.<AdaptiveRandomForestOptions>builder("adaptive-random-forest")
          .description(
              "Adaptive Random Forest: random-subspace Hoeffding trees, online bagging and ADWIN"
                  + " drift handling with background trees, as MOA's meta.AdaptiveRandomForest.")
          .parameters(parameters())
          .settings(AdaptiveRandomForest::settings)
          .factory(AdaptiveRandomForest::new)
          .format(1, 1, AdaptiveRandomForest::read)
          .build();

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final AdaptiveRandomForestOptions options;
  private final FeatureSpace features;
  private final ForestMember[] members;
  private ExecutorService pool;

  /** A forest with the paper's settings and 10 members. */
  public AdaptiveRandomForest() {
    this(AdaptiveRandomForestOptions.DEFAULTS);
  }

  /** A forest with the given options. */
  public AdaptiveRandomForest(AdaptiveRandomForestOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.features = new FeatureSpace(options.tree().nominalFeatures());
    this.members = new ForestMember[options.ensembleSize()];
    SplitMix64 seeds = new SplitMix64(options.seed());
    for (int i = 0; i < members.length; i++) {
      members[i] = new ForestMember(options, features, seeds.nextLong());
    }
  }

  private AdaptiveRandomForest(
      AdaptiveRandomForestOptions options, FeatureSpace features, ForestMember[] members) {
    this.options = options;
    this.features = features;
    this.members = members;
  }

  /** This forest's hyper-parameters. */
  public AdaptiveRandomForestOptions options() {
    return options;
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    Objects.requireNonNull(x, "x");
    LearnerInputs.requireWeight(weight);
    double[] vector = features.encode(x, true);
    int classIndex = y ? 1 : 0;
    int threads = Math.min(options.threads(), members.length);
    if (threads <= 1) {
      for (ForestMember member : members) {
        member.learn(vector, classIndex, weight);
      }
      return;
    }
    trainInParallel(vector, classIndex, weight, threads);
  }

  private void trainInParallel(double[] vector, int classIndex, double weight, int threads) {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads - 1, daemonThreads());
    }
    List<Future<?>> running = new ArrayList<>(threads - 1);
    for (int t = 1; t < threads; t++) {
      int from = t * members.length / threads;
      int to = (t + 1) * members.length / threads;
      running.add(pool.submit(() -> learnRange(from, to, vector, classIndex, weight)));
    }
    learnRange(0, members.length / threads, vector, classIndex, weight);
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while members were learning", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("a member failed to learn", cause);
      }
    }
  }

  private void learnRange(int from, int to, double[] vector, int classIndex, double weight) {
    for (int i = from; i < to; i++) {
      members[i].learn(vector, classIndex, weight);
    }
  }

  private static ThreadFactory daemonThreads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "arf-" + pool + "-trainer-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    Objects.requireNonNull(x, "x");
    double[] vector = features.encode(x, false);
    double[] votes = new double[2];
    for (ForestMember member : members) {
      member.vote(vector, votes);
    }
    double total = votes[0] + votes[1];
    return total > 0.0 ? votes[1] / total : 0.5;
  }

  /** How many drifts the members' detectors signalled in total. */
  public int driftsDetected() {
    int total = 0;
    for (ForestMember member : members) {
      total += member.drifts();
    }
    return total;
  }

  /** How many warnings the members' detectors signalled in total. */
  public int warningsDetected() {
    int total = 0;
    for (ForestMember member : members) {
      total += member.warnings();
    }
    return total;
  }

  /** How many members are training a background tree. */
  public int backgroundTrees() {
    int count = 0;
    for (ForestMember member : members) {
      count += member.hasBackgroundTree() ? 1 : 0;
    }
    return count;
  }

  /** The leaves of the members' active trees, in total. */
  public int leafCount() {
    int total = 0;
    for (ForestMember member : members) {
      total += member.leafCount();
    }
    return total;
  }

  /** Stops the training threads, if any; the forest stays usable (they restart when needed). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
      pool = null;
    }
  }

  @Override
  public String kind() {
    return KIND.name();
  }

  @Override
  public int formatVersion() {
    return KIND.formatVersion();
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    options.writeTo(out);
    features.writeTo(out);
    for (ForestMember member : members) {
      member.writeTo(out);
    }
  }

  /** Reads a forest written by {@link #writeTo(DataOutput)} in layout {@code formatVersion}. */
  public static AdaptiveRandomForest read(DataInput in, int formatVersion, LearnerCatalog catalog)
      throws IOException {
    if (formatVersion != 1) {
      throw new LearnerFormatException(
          "unsupported adaptive-random-forest layout " + formatVersion);
    }
    AdaptiveRandomForestOptions options = AdaptiveRandomForestOptions.readFrom(in);
    FeatureSpace features = FeatureSpace.readFrom(in, options.tree().nominalFeatures());
    ForestMember[] members = new ForestMember[options.ensembleSize()];
    for (int i = 0; i < members.length; i++) {
      members[i] = ForestMember.readFrom(in, options, features);
    }
    return new AdaptiveRandomForest(options, features, members);
  }

  private static List<Parameter> parameters() {
    AdaptiveRandomForestOptions d = AdaptiveRandomForestOptions.DEFAULTS;
    List<Parameter> parameters = new ArrayList<>();
    parameters.add(Parameter.integer("ensemble_size", d.ensembleSize(), "Number of member trees."));
    parameters.add(
        Parameter.choice(
            "subspace_mode",
            SUBSPACE_MODES.get(0),
            SUBSPACE_MODES,
            "How many features each leaf may split on, of the M known: round(sqrt(M)) + 1,"
                + " subspace_size percent of M, subspace_size, or M - (round(sqrt(M)) + 1)."));
    parameters.add(
        Parameter.integer(
            "subspace_size",
            60,
            "Percentage (subspace_mode percentage) or number (specified) of features per leaf;"
                + " negative values count from M (or 100)."));
    parameters.add(
        Parameter.decimal("lambda", d.lambda(), "Mean of the Poisson weight of online bagging."));
    parameters.add(
        Parameter.decimal(
            "drift_delta", d.driftDelta(), "Confidence of each member's ADWIN drift detector."));
    parameters.add(
        Parameter.decimal(
            "warning_delta",
            d.warningDelta(),
            "Confidence of each member's ADWIN warning detector."));
    parameters.add(
        Parameter.flag(
            "drift_detection", d.driftDetection(), "Watch members for drift and replace them."));
    parameters.add(
        Parameter.flag(
            "background_learners",
            d.backgroundLearners(),
            "A warning starts a background tree that replaces the member at drift."));
    parameters.add(
        Parameter.flag(
            "weighted_vote", d.weightedVote(), "Weight each member's vote by its accuracy."));
    parameters.add(
        Parameter.integer(
            "threads", d.threads(), "Threads training the members; results do not depend on it."));
    parameters.add(Parameter.longInteger("seed", d.seed(), "Seeds every member's generator."));
    parameters.addAll(TreeParameters.declare(d.tree()));
    return parameters;
  }

  private static AdaptiveRandomForestOptions settings(ParameterValues p) {
    int size = p.getInt("subspace_size");
    FeatureSubspace subspace =
        switch (p.getChoice("subspace_mode")) {
          case "percentage" -> FeatureSubspace.percentage(size);
          case "specified" -> FeatureSubspace.specified(size);
          case "all_but_sqrt_plus_one" ->
              new FeatureSubspace(FeatureSubspace.Mode.ALL_BUT_SQRT_PLUS_ONE, 0);
          default -> FeatureSubspace.SQRT_PLUS_ONE;
        };
    return new AdaptiveRandomForestOptions(
        TreeParameters.parse(p),
        p.getInt("ensemble_size"),
        subspace,
        p.getDouble("lambda"),
        p.getDouble("drift_delta"),
        p.getDouble("warning_delta"),
        p.getBoolean("drift_detection"),
        p.getBoolean("background_learners"),
        p.getBoolean("weighted_vote"),
        p.getInt("threads"),
        p.getLong("seed"));
  }
}
