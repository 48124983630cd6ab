package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerCodec;
import io.streamlearn.model.core.OnlineClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import moa.classifiers.Classifier;
import moa.options.AbstractOptionHandler;
import moa.options.ClassOption;
import moa.streams.InstanceStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one {@code learnOne} and one {@code predictProbaOne} of our Hoeffding tree, Hoeffding
 * Adaptive Tree and Adaptive Random Forest (10 members, MOA 2024.07.0's settings), next to MOA's
 * {@code trees.HoeffdingTree}, {@code trees.HoeffdingAdaptiveTree} and {@code
 * meta.AdaptiveRandomForest -s 10 -j 1} on the same data: MOA's Hyperplane generator with 10
 * numeric attributes and gradual drift ({@code -a 10 -k 2 -t 0.001 -n 5}). Each model first learns
 * 50,000 instances; every invocation then starts from a copy of that model (restored from our byte
 * layout, or MOA's {@code copy()}, untimed) and learns, or scores, the next 20,000 instances, so
 * the figures are per example of a steadily growing model, not of one that has seen a small cycle
 * of examples a thousand times. Ours take a prepared {@code HashMap<String, Double>} per example,
 * as a pipeline gives them; MOA takes its {@code Instance}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TreeBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TreeBenchmark {

  private static final int TRAIN = 50_000;
  private static final LearnerCodec CODEC = LearnerCodec.standard();
  private static final int SIZE = 20_000;

  @Param({"ht", "moa-ht", "hat", "moa-hat", "arf", "moa-arf"})
  public String learner;

  private Instance[] instances;
  private List<Map<String, Double>> maps;
  private boolean[] labels;
  private byte[] trainedOurs;
  private Classifier trainedMoa;
  private OnlineClassifier ours;
  private Classifier moa;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    InstanceStream stream =
        (InstanceStream)
            ClassOption.cliStringToObject(
                "generators.HyperplaneGenerator -a 10 -k 2 -t 0.001 -n 5",
                InstanceStream.class,
                null);
    ((AbstractOptionHandler) stream).prepareForUse();
    LearnerCatalog catalog = LearnerCatalog.standard();
    switch (learner) {
      case "ht" -> ours = catalog.create("hoeffding-tree");
      case "hat" -> ours = catalog.create("hoeffding-adaptive-tree");
      case "arf" ->
          ours =
              catalog.create(
                  "adaptive-random-forest",
                  Map.of(
                      "subspace_mode", "percentage",
                      "subspace_size", "60",
                      "drift_delta", "0.001",
                      "warning_delta", "0.01"));
      case "moa-ht" -> moa = moa("trees.HoeffdingTree", stream);
      case "moa-hat" -> moa = moa("trees.HoeffdingAdaptiveTree", stream);
      case "moa-arf" -> moa = moa("meta.AdaptiveRandomForest -s 10 -j 1", stream);
      default -> throw new IllegalArgumentException(learner);
    }
    for (int i = 0; i < TRAIN; i++) {
      Instance inst = stream.nextInstance().getData();
      if (moa != null) {
        moa.trainOnInstance(inst);
      } else {
        ours.learnOne(features(inst), inst.classValue() == 1.0);
      }
    }
    if (moa != null) {
      trainedMoa = moa;
    } else {
      trainedOurs = CODEC.encode(ours);
    }
    instances = new Instance[SIZE];
    maps = new ArrayList<>(SIZE);
    labels = new boolean[SIZE];
    for (int i = 0; i < SIZE; i++) {
      Instance inst = stream.nextInstance().getData();
      instances[i] = inst;
      maps.add(features(inst));
      labels[i] = inst.classValue() == 1.0;
    }
  }

  /** A fresh copy of the trained model before each invocation (untimed). */
  @Setup(Level.Invocation)
  public void restore() throws Exception {
    if (trainedMoa != null) {
      moa = trainedMoa.copy();
    } else {
      ours = CODEC.decode(trainedOurs);
    }
  }

  private static Map<String, Double> features(Instance inst) {
    Map<String, Double> x = new HashMap<>();
    for (int a = 0; a < inst.numAttributes(); a++) {
      if (a != inst.classIndex()) {
        x.put(inst.attribute(a).name(), inst.value(a));
      }
    }
    return x;
  }

  private static Classifier moa(String cli, InstanceStream stream) throws Exception {
    Classifier c = (Classifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
    c.setModelContext(stream.getHeader());
    c.prepareForUse();
    return c;
  }

  /** The next 20,000 examples learned; the score is per example. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public void learnOne() {
    for (int i = 0; i < SIZE; i++) {
      if (moa != null) {
        moa.trainOnInstance(instances[i]);
      } else {
        ours.learnOne(maps.get(i), labels[i]);
      }
    }
  }

  /** The next 20,000 examples scored; the score is per example. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public void predictProbaOne(Blackhole blackhole) {
    for (int i = 0; i < SIZE; i++) {
      if (moa != null) {
        blackhole.consume(moa.getVotesForInstance(instances[i]));
      } else {
        blackhole.consume(ours.predictProbaOne(maps.get(i)));
      }
    }
  }
}
