package io.streamlearn.model.core.bayes;

import io.streamlearn.model.core.FeatureIndex;
import io.streamlearn.model.core.IndexedFeatures;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import io.streamlearn.model.core.stats.Logistic;
import io.streamlearn.model.core.stats.WeightedMoments;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gaussian naive Bayes for binary classification: per class, a prior from the weighted class counts
 * and, per feature, a normal density from running weighted mean and variance; the posterior is
 * computed in log space. See G. H. John and P. Langley, Estimating Continuous Distributions in
 * Bayesian Classifiers, UAI 1995 (and, for the running moments, {@link WeightedMoments}).
 *
 * <ul>
 *   <li>Priors are Laplace-smoothed: {@code (w_c + 1) / (w + 2)}, so that a class not seen yet has
 *       a small, non-zero probability.
 *   <li>The variance of feature {@code f} in class {@code c} is the sample variance, widened to
 *       {@code var * (1 + s) + s} with {@code s = var_smoothing}, which keeps the density finite
 *       for constant features.
 *   <li>A feature contributes only once both classes have observed it; an absent or never-seen
 *       feature contributes nothing (absent is not zero).
 * </ul>
 *
 * <p>Weights are frequency weights: weight 2 is exactly learning twice. Byte layout (version 1):
 * {@code var_smoothing} (double), the feature index ({@link FeatureIndex#writeTo}), then for the
 * negative and the positive class the class weight (double) and its {@link WeightedMoments}.
 */
public final class GaussianNaiveBayes implements OnlineClassifier {

  /** The hyper-parameters. */
  public record Settings(double varSmoothing) {
    public Settings {
      if (!(varSmoothing >= 0.0) || !Double.isFinite(varSmoothing)) {
        throw new IllegalArgumentException(
            "var_smoothing must be finite and >= 0, got " + varSmoothing);
      }
    }

    /** The defaults. */
    public static Settings defaults() {
      return new Settings(1e-9);
    }

    static Settings from(ParameterValues p) {
      return new Settings(p.getDouble("var_smoothing"));
    }
  }

  /** The catalog entry. */
  public static final LearnerKind<Settings> KIND =
      LearnerKind.<Settings>builder("gaussian-naive-bayes")
          .description("Gaussian naive Bayes with running per-class means and variances.")
          .parameters(
              List.of(
                  Parameter.decimal(
                      "var_smoothing",
                      Settings.defaults().varSmoothing(),
                      "Widens each class variance to var * (1 + s) + s, keeping densities"
                          + " finite for constant features.")))
          .settings(Settings::from)
          .factory(GaussianNaiveBayes::new)
          .format(1, 1, GaussianNaiveBayes::read)
          .build();

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);

  private final Settings settings;
  private final FeatureIndex features;
  private final IndexedFeatures buffer;
  private final double[] classWeight = new double[2];
  private final WeightedMoments[] moments;
  // Per class and slot, cached from the moments on every update: log normalisation and 1/(2 var).
  private final double[][] logNorm = new double[2][];
  private final double[][] halfPrecision = new double[2][];

  public GaussianNaiveBayes() {
    this(Settings.defaults());
  }

  public GaussianNaiveBayes(Settings settings) {
    this(settings, new FeatureIndex(), new WeightedMoments(), new WeightedMoments());
  }

  private GaussianNaiveBayes(
      Settings settings, FeatureIndex features, WeightedMoments neg, WeightedMoments pos) {
    this.settings = settings;
    this.features = features;
    this.buffer = new IndexedFeatures(features);
    this.moments = new WeightedMoments[] {neg, pos};
    int n = Math.max(8, features.size());
    for (int c = 0; c < 2; c++) {
      logNorm[c] = new double[n];
      halfPrecision[c] = new double[n];
      for (int s = 0; s < features.size(); s++) {
        refresh(c, s);
      }
    }
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    LearnerInputs.requireWeight(weight);
    buffer.gatherForLearning(x);
    int c = y ? 1 : 0;
    classWeight[c] += weight;
    WeightedMoments m = moments[c];
    ensureCache(features.size());
    for (int i = 0, n = buffer.size(); i < n; i++) {
      int slot = buffer.slot(i);
      m.update(slot, buffer.value(i), weight);
      refresh(c, slot);
    }
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    buffer.gatherKnown(x);
    double logOdds = Math.log((classWeight[1] + 1.0) / (classWeight[0] + 1.0));
    WeightedMoments neg = moments[0];
    WeightedMoments pos = moments[1];
    double[] normNeg = logNorm[0];
    double[] normPos = logNorm[1];
    double[] precNeg = halfPrecision[0];
    double[] precPos = halfPrecision[1];
    for (int i = 0, n = buffer.size(); i < n; i++) {
      int slot = buffer.slot(i);
      if (neg.weight(slot) == 0.0 || pos.weight(slot) == 0.0) {
        continue;
      }
      double v = buffer.value(i);
      double dPos = v - pos.mean(slot);
      double dNeg = v - neg.mean(slot);
      logOdds += (normNeg[slot] + dNeg * dNeg * precNeg[slot]);
      logOdds -= (normPos[slot] + dPos * dPos * precPos[slot]);
    }
    return Logistic.sigmoid(logOdds);
  }

  /** The settings this learner was built with. */
  public Settings settings() {
    return settings;
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
    out.writeDouble(settings.varSmoothing());
    features.writeTo(out);
    for (int c = 0; c < 2; c++) {
      out.writeDouble(classWeight[c]);
      moments[c].writeTo(out, features.size());
    }
  }

  private static GaussianNaiveBayes read(DataInput in, int version, LearnerCatalog catalog)
      throws IOException {
    Settings settings;
    try {
      settings = new Settings(in.readDouble());
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException(e.getMessage(), e);
    }
    FeatureIndex features = FeatureIndex.readFrom(in);
    double[] weights = new double[2];
    WeightedMoments[] m = new WeightedMoments[2];
    for (int c = 0; c < 2; c++) {
      weights[c] = in.readDouble();
      if (!(weights[c] >= 0.0) || !Double.isFinite(weights[c])) {
        throw new LearnerFormatException("invalid class weight " + weights[c]);
      }
      m[c] = WeightedMoments.readFrom(in, features.size());
    }
    GaussianNaiveBayes nb = new GaussianNaiveBayes(settings, features, m[0], m[1]);
    nb.classWeight[0] = weights[0];
    nb.classWeight[1] = weights[1];
    return nb;
  }

  private void refresh(int c, int slot) {
    double s = settings.varSmoothing();
    double variance = moments[c].sampleVariance(slot) * (1.0 + s) + s;
    if (variance == 0.0) {
      variance = Double.MIN_NORMAL;
    }
    logNorm[c][slot] = HALF_LOG_TWO_PI + 0.5 * Math.log(variance);
    halfPrecision[c][slot] = 0.5 / variance;
  }

  private void ensureCache(int slots) {
    if (slots > logNorm[0].length) {
      int n = Math.max(slots, logNorm[0].length * 2);
      for (int c = 0; c < 2; c++) {
        logNorm[c] = Arrays.copyOf(logNorm[c], n);
        halfPrecision[c] = Arrays.copyOf(halfPrecision[c], n);
      }
    }
  }
}
