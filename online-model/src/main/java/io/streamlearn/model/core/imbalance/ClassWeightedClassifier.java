package io.streamlearn.model.core.imbalance;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerCodec;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.LearnerSpec;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import io.streamlearn.model.core.linear.LogisticRegression;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Class weighting for imbalanced streams, around any learner: each example's weight is multiplied
 * by the weight of its class before the wrapped learner learns it; predictions are the wrapped
 * learner's.
 *
 * <ul>
 *   <li>{@link ClassWeights.Fixed}: constant positive and negative weights (e.g. the inverse of a
 *       known fraud rate).
 *   <li>{@link ClassWeights.Balanced}: scikit-learn's "balanced" heuristic {@code n / (2 n_c)}
 *       (after G. King and L. Zeng, Logistic Regression in Rare Events Data, Political Analysis
 *       9(2), 2001) computed online from running class counts, Laplace-smoothed as {@code (n + 2) /
 *       (2 (n_c + 1))} (so the first example has weight 1) and capped at {@code max_weight}. Counts
 *       are of examples, not of their weights, as in scikit-learn, so example weights and class
 *       weights multiply. The weight of an example comes from the counts before it.
 * </ul>
 *
 * <p>Weighting trades calibration for recall: the wrapped learner's probabilities are those of the
 * re-weighted stream, so the positive class is over-estimated; rank-based metrics (ROC-AUC,
 * precision@k) are unaffected by this shift.
 *
 * <p>Byte layout (version 1): weighting (u8: 0 fixed, 1 balanced); fixed: positive and negative
 * weight (doubles); balanced: max weight (double), negative and positive example counts (longs);
 * then the wrapped learner with its own header ({@link LearnerCodec#write}).
 */
public final class ClassWeightedClassifier implements OnlineClassifier {

  /** How classes are weighted. */
  public sealed interface ClassWeights {

    /** Constant weights. */
    record Fixed(double positive, double negative) implements ClassWeights {
      public Fixed {
        requireWeight("positive_weight", positive);
        requireWeight("negative_weight", negative);
      }
    }

    /** Online "balanced" weights, capped at {@code maxWeight}. */
    record Balanced(double maxWeight) implements ClassWeights {
      /** The default cap: a class rarer than 1 in 2000 is not weighted further. */
      public static final double DEFAULT_MAX_WEIGHT = 1000.0;

      public Balanced {
        requireWeight("max_weight", maxWeight);
        if (maxWeight < 1.0) {
          throw new IllegalArgumentException("max_weight must be >= 1, got " + maxWeight);
        }
      }
    }

    private static void requireWeight(String name, double value) {
      if (!(value > 0.0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
      }
    }
  }

  /**
   * The catalog settings: the weighting and the wrapped learner.
   *
   * @param weights how classes are weighted
   * @param learner the wrapped learner, created fresh for each wrapper
   */
  public record Settings(ClassWeights weights, LearnerSpec<?> learner) {
    public Settings {
      Objects.requireNonNull(weights, "weights");
      Objects.requireNonNull(learner, "learner");
    }

    static Settings from(ParameterValues p) {
      ClassWeights weights;
      if (p.getChoice("weighting").equals("fixed")) {
        p.requireUnset("max_weight", "to fixed weighting (it applies to balanced)");
        weights =
            new ClassWeights.Fixed(p.getDouble("positive_weight"), p.getDouble("negative_weight"));
      } else {
        p.requireUnset("positive_weight", "to balanced weighting (it applies to fixed)");
        p.requireUnset("negative_weight", "to balanced weighting (it applies to fixed)");
        weights = new ClassWeights.Balanced(p.getDouble("max_weight"));
      }
      LearnerSpec<?> learner = p.catalog().spec(p.getString("learner"), p.getNested("learner"));
      return new Settings(weights, learner);
    }
  }

  /** The catalog entry. */
  public static final LearnerKind<Settings> KIND =
      LearnerKind.<Settings>builder("class-weighted")
          .description(
              "Weights positives and negatives (fixed, or balanced online) around any learner.")
          .parameters(
              List.of(
                  Parameter.text(
                      "learner",
                      LogisticRegression.KIND.name(),
                      "The kind of the wrapped learner."),
                  Parameter.nested(
                      "learner", "Parameters of the wrapped learner, e.g. learner.optimizer."),
                  Parameter.choice(
                      "weighting",
                      "balanced",
                      List.of("balanced", "fixed"),
                      "balanced: n / (2 n_c) from running counts; fixed: the weights below."),
                  Parameter.decimal("positive_weight", 1.0, "fixed: weight of positive examples."),
                  Parameter.decimal("negative_weight", 1.0, "fixed: weight of negative examples."),
                  Parameter.decimal(
                      "max_weight",
                      ClassWeights.Balanced.DEFAULT_MAX_WEIGHT,
                      "balanced: cap on a class weight.")))
          .settings(Settings::from)
          .factory(s -> new ClassWeightedClassifier(s.learner().create(), s.weights()))
          .format(1, 1, ClassWeightedClassifier::read)
          .build();

  private static final byte FIXED = 0;
  private static final byte BALANCED = 1;

  private final OnlineClassifier learner;
  private final ClassWeights weights;
  private long negatives;
  private long positives;

  /** Wraps {@code learner}, which from now on should only be used through this wrapper. */
  public ClassWeightedClassifier(OnlineClassifier learner, ClassWeights weights) {
    this.learner = Objects.requireNonNull(learner, "learner");
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    LearnerInputs.requireWeight(weight);
    learner.learnOne(x, y, weight * classWeight(y));
    if (y) {
      positives++;
    } else {
      negatives++;
    }
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    return learner.predictProbaOne(x);
  }

  /** The weight the next example of class {@code y} will get (before its own weight). */
  public double classWeight(boolean y) {
    if (weights instanceof ClassWeights.Fixed fixed) {
      return y ? fixed.positive() : fixed.negative();
    }
    double cap = ((ClassWeights.Balanced) weights).maxWeight();
    double n = (double) negatives + positives;
    double w = (n + 2.0) / (2.0 * ((y ? positives : negatives) + 1.0));
    return Math.min(w, cap);
  }

  /**
   * A probability of the wrapped learner with the class weighting undone: the probability the same
   * learner would give had it learned the stream unweighted, {@code p w- / (p w- + (1 - p) w+)}
   * with the current class weights (the prior correction of C. Elkan, The Foundations of
   * Cost-Sensitive Learning, IJCAI 2001, Theorem 1). Weighting multiplies the odds of the positive
   * class by {@code w+ / w-}; this divides them back, so that a decision threshold means the same
   * with and without weighting. Rankings are unchanged (the map is increasing in {@code p}).
   *
   * @param p a probability in [0, 1], e.g. from {@link #predictProbaOne}
   */
  public double unweightedProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1], got " + p);
    }
    double odds = p * classWeight(false);
    return odds / (odds + (1 - p) * classWeight(true));
  }

  /** The wrapped learner. */
  public OnlineClassifier learner() {
    return learner;
  }

  /** The class weighting. */
  public ClassWeights weights() {
    return weights;
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
    if (weights instanceof ClassWeights.Fixed fixed) {
      out.writeByte(FIXED);
      out.writeDouble(fixed.positive());
      out.writeDouble(fixed.negative());
    } else {
      out.writeByte(BALANCED);
      out.writeDouble(((ClassWeights.Balanced) weights).maxWeight());
      out.writeLong(negatives);
      out.writeLong(positives);
    }
    LearnerCodec.write(learner, out);
  }

  private static ClassWeightedClassifier read(DataInput in, int version, LearnerCatalog catalog)
      throws IOException {
    int code = in.readByte();
    ClassWeights weights;
    long negatives = 0;
    long positives = 0;
    try {
      if (code == FIXED) {
        weights = new ClassWeights.Fixed(in.readDouble(), in.readDouble());
      } else if (code == BALANCED) {
        weights = new ClassWeights.Balanced(in.readDouble());
        negatives = in.readLong();
        positives = in.readLong();
        if (negatives < 0 || positives < 0) {
          throw new LearnerFormatException("negative class counts");
        }
      } else {
        throw new LearnerFormatException("unknown weighting code " + code);
      }
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException(e.getMessage(), e);
    }
    OnlineClassifier inner = new LearnerCodec(catalog).read(in);
    ClassWeightedClassifier wrapper = new ClassWeightedClassifier(inner, weights);
    wrapper.negatives = negatives;
    wrapper.positives = positives;
    return wrapper;
  }
}
