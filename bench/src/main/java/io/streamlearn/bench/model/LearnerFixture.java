package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.OnlineClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moa.classifiers.Classifier;
import moa.options.AbstractOptionHandler;
import moa.options.ClassOption;
import moa.streams.InstanceStream;

/**
 * The learners and data of the per-call benchmarks ({@link LearnerBenchmark}, {@link
 * LearnerCpuTime}): instances of MOA's Hyperplane generator, as MOA instances and as our feature
 * maps ({@code FeatureVector} or {@code HashMap}), and one learner, ours or MOA's, trained on them.
 */
final class LearnerFixture {

  /** The learners, by benchmark name. */
  static final List<String> LEARNERS =
      List.of("lr-sgd", "lr-adagrad", "lr-ftrl", "gnb", "moa-sgd", "moa-naive-bayes");

  final Instance[] instances;
  final List<Map<String, Double>> maps;
  final boolean[] labels;
  final OnlineClassifier ours;
  final Classifier moa;

  LearnerFixture(String learner, String input, int size, int attributes) throws Exception {
    InstanceStream stream =
        (InstanceStream)
            ClassOption.cliStringToObject(
                "generators.HyperplaneGenerator -a " + attributes + " -k 0 -n 5",
                InstanceStream.class,
                null);
    ((AbstractOptionHandler) stream).prepareForUse();
    List<String> names = new ArrayList<>();
    for (int a = 0; a < stream.getHeader().numAttributes(); a++) {
      if (a != stream.getHeader().classIndex()) {
        names.add(stream.getHeader().attribute(a).name());
      }
    }
    FeatureVector.Schema schema = FeatureVector.Schema.of(names);
    instances = new Instance[size];
    maps = new ArrayList<>(size);
    labels = new boolean[size];
    for (int i = 0; i < size; i++) {
      Instance inst = stream.nextInstance().getData();
      instances[i] = inst;
      Map<String, Double> x = new HashMap<>();
      for (int a = 0; a < inst.numAttributes(); a++) {
        if (a != inst.classIndex()) {
          x.put(inst.attribute(a).name(), inst.value(a));
        }
      }
      if (input.equals("vector")) {
        FeatureVector v = schema.newVector();
        x.forEach(v::set);
        maps.add(v);
      } else if (input.equals("hashmap")) {
        maps.add(x);
      } else {
        throw new IllegalArgumentException("input is vector or hashmap, not " + input);
      }
      labels[i] = inst.classValue() == 1.0;
    }
    LearnerCatalog catalog = LearnerCatalog.standard();
    OnlineClassifier o = null;
    Classifier m = null;
    switch (learner) {
      case "lr-sgd" -> o = catalog.create("logistic-regression", Map.of("optimizer", "sgd"));
      case "lr-adagrad" ->
          o = catalog.create("logistic-regression", Map.of("optimizer", "adagrad"));
      case "lr-ftrl" -> o = catalog.create("logistic-regression", Map.of("optimizer", "ftrl"));
      case "gnb" -> o = catalog.create("gaussian-naive-bayes");
      case "moa-sgd" -> m = moa("functions.SGD -o LOGLOSS -r 0.01", stream);
      case "moa-naive-bayes" -> m = moa("bayes.NaiveBayes", stream);
      default -> throw new IllegalArgumentException("unknown learner " + learner);
    }
    ours = o;
    moa = m;
    for (int i = 0; i < size; i++) {
      learn(i);
    }
  }

  private static Classifier moa(String cli, InstanceStream stream) throws Exception {
    Classifier c = (Classifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
    c.setModelContext(stream.getHeader());
    c.prepareForUse();
    return c;
  }

  void learn(int i) {
    if (ours != null) {
      ours.learnOne(maps.get(i), labels[i]);
    } else {
      moa.trainOnInstance(instances[i]);
    }
  }

  double predict(int i) {
    if (ours != null) {
      return ours.predictProbaOne(maps.get(i));
    }
    double[] votes = moa.getVotesForInstance(instances[i]);
    double sum = votes.length > 1 ? votes[0] + votes[1] : 0.0;
    return sum > 0.0 ? votes[1] / sum : 0.5;
  }
}
