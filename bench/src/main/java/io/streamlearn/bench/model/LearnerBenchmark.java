package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import io.streamlearn.model.core.LearnerCatalog;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@code learnOne} and one {@code predictProbaOne} of our logistic regression (each
 * optimizer, with the online scaler) and Gaussian naive Bayes, next to MOA's {@code functions.SGD}
 * and {@code bayes.NaiveBayes} on the same data: 4,096 instances of MOA's Hyperplane generator with
 * 20 numeric attributes, cycled. Ours take a {@code HashMap<String, Double>} per example, as a
 * pipeline gives them; MOA takes its {@code Instance}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LearnerBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LearnerBenchmark {

  private static final int SIZE = 4096;

  @Param({"lr-sgd", "lr-adagrad", "lr-ftrl", "gnb", "moa-sgd", "moa-naive-bayes"})
  public String learner;

  private Instance[] instances;
  private List<Map<String, Double>> maps;
  private boolean[] labels;
  private OnlineClassifier ours;
  private Classifier moa;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    InstanceStream stream =
        (InstanceStream)
            ClassOption.cliStringToObject(
                "generators.HyperplaneGenerator -a 20 -k 0 -n 5", InstanceStream.class, null);
    ((AbstractOptionHandler) stream).prepareForUse();
    instances = new Instance[SIZE];
    maps = new ArrayList<>(SIZE);
    labels = new boolean[SIZE];
    for (int i = 0; i < SIZE; i++) {
      Instance inst = stream.nextInstance().getData();
      instances[i] = inst;
      Map<String, Double> x = new HashMap<>();
      for (int a = 0; a < inst.numAttributes(); a++) {
        if (a != inst.classIndex()) {
          x.put(inst.attribute(a).name(), inst.value(a));
        }
      }
      maps.add(x);
      labels[i] = inst.classValue() == 1.0;
    }
    LearnerCatalog catalog = LearnerCatalog.standard();
    switch (learner) {
      case "lr-sgd" -> ours = catalog.create("logistic-regression", Map.of("optimizer", "sgd"));
      case "lr-adagrad" ->
          ours = catalog.create("logistic-regression", Map.of("optimizer", "adagrad"));
      case "lr-ftrl" -> ours = catalog.create("logistic-regression", Map.of("optimizer", "ftrl"));
      case "gnb" -> ours = catalog.create("gaussian-naive-bayes");
      case "moa-sgd" -> moa = moa("functions.SGD -o LOGLOSS -r 0.01", stream);
      case "moa-naive-bayes" -> moa = moa("bayes.NaiveBayes", stream);
      default -> throw new IllegalArgumentException(learner);
    }
    for (int i = 0; i < SIZE; i++) {
      learn(i);
    }
  }

  private static Classifier moa(String cli, InstanceStream stream) throws Exception {
    Classifier c = (Classifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
    c.setModelContext(stream.getHeader());
    c.prepareForUse();
    return c;
  }

  private void learn(int i) {
    if (ours != null) {
      ours.learnOne(maps.get(i), labels[i]);
    } else {
      moa.trainOnInstance(instances[i]);
    }
  }

  private int advance() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    return i;
  }

  @Benchmark
  public void learnOne() {
    learn(advance());
  }

  @Benchmark
  public double predictProbaOne() {
    int i = advance();
    if (ours != null) {
      return ours.predictProbaOne(maps.get(i));
    }
    double[] votes = moa.getVotesForInstance(instances[i]);
    double sum = votes.length > 1 ? votes[0] + votes[1] : 0.0;
    return sum > 0.0 ? votes[1] / sum : 0.5;
  }
}
