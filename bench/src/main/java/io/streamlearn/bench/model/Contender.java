package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import io.streamlearn.model.core.OnlineClassifier;
import java.util.function.Function;
import java.util.function.Supplier;
import moa.classifiers.Classifier;
import moa.core.Utils;
import moa.options.ClassOption;

/**
 * One learner in the MOA parity run: ours behind the feature-map view, or MOA's own. To add a row
 * (e.g. a Hoeffding tree and MOA's {@code trees.HoeffdingTree}), add contenders in {@link
 * MoaParity#contenders()}.
 *
 * @param name how the learner is shown, e.g. {@code streamlearn logistic-regression}
 * @param counterpart the name of the contender it is compared with; empty for a reference
 * @param factory a fresh model for a stream with the given header
 */
record Contender(String name, String counterpart, ModelFactory factory) {

  /** A model under prequential evaluation: predict a class index, then train. */
  interface Model {
    int predict(Instance inst);

    void train(Instance inst);
  }

  /** Builds a fresh model for a stream. */
  interface ModelFactory {
    Model create(InstancesHeader header) throws Exception;
  }

  /** One of our learners, fed through {@link InstanceFeatures}; class index 1 is positive. */
  static Contender streamlearn(
      String name, String counterpart, Supplier<OnlineClassifier> learner) {
    return streamlearnForHeader(name, counterpart, header -> learner.get());
  }

  /**
   * One of our learners built for the stream's header, e.g. told which attributes are nominal
   * ({@link InstanceFeatures#nominalAttributes}).
   */
  static Contender streamlearnForHeader(
      String name, String counterpart, Function<InstancesHeader, OnlineClassifier> learner) {
    return new Contender(
        name,
        counterpart,
        header -> {
          OnlineClassifier model = learner.apply(header);
          InstanceFeatures view = new InstanceFeatures(header);
          return new Model() {
            @Override
            public int predict(Instance inst) {
              return model.predictProbaOne(view.of(inst)) >= 0.5 ? 1 : 0;
            }

            @Override
            public void train(Instance inst) {
              model.learnOne(view.of(inst), inst.classValue() == 1.0, inst.weight());
            }
          };
        });
  }

  /** A MOA classifier given by its command line, e.g. {@code functions.SGD -o LOGLOSS -r 0.01}. */
  static Contender moa(String cli) {
    return new Contender(
        "MOA " + cli,
        "",
        header -> {
          Classifier c = (Classifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
          c.setModelContext(header);
          c.prepareForUse();
          return new Model() {
            @Override
            public int predict(Instance inst) {
              return Utils.maxIndex(c.getVotesForInstance(inst));
            }

            @Override
            public void train(Instance inst) {
              c.trainOnInstance(inst);
            }
          };
        });
  }
}
