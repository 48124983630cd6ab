package io.streamlearn.model.core.linear;

import io.streamlearn.model.core.FeatureIndex;
import io.streamlearn.model.core.IndexedFeatures;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import io.streamlearn.model.core.preprocessing.StandardScaler;
import io.streamlearn.model.core.stats.Logistic;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Online logistic regression: {@code p = sigmoid(b + sum w_f x_f)}, one log-loss gradient step per
 * example, with a choice of {@link Optimizer} (plain SGD; AdaGrad, Duchi et al., JMLR 2011;
 * FTRL-Proximal, McMahan et al., Ad Click Prediction: a View from the Trenches, KDD 2013), L1 and
 * L2 penalties, an unpenalised intercept and, optionally, an online {@link StandardScaler} in front
 * (as River's {@code StandardScaler() | LogisticRegression()}).
 *
 * <p>Sparse-friendly: weights are kept per feature name (interned to array slots), and only the
 * features present in an example are read or updated; an absent feature contributes nothing. The
 * scaler's statistics are updated with an example before it is scaled for learning; prediction
 * reads them without updating.
 *
 * <p>The example weight multiplies the gradient: weight 2 is close to, not exactly, learning twice.
 */
public final class LogisticRegression implements OnlineClassifier {

  /**
   * The hyper-parameters.
   *
   * @param optimizer how gradients move the weights
   * @param l1 L1 penalty (sparsity), &ge; 0
   * @param l2 L2 penalty (shrinkage), &ge; 0
   * @param fitIntercept whether to learn a bias term
   * @param scale whether to standardise features with running means and variances first
   */
  public record Settings(
      Optimizer optimizer, double l1, double l2, boolean fitIntercept, boolean scale) {
    public Settings {
      Objects.requireNonNull(optimizer, "optimizer");
      requirePenalty("l1", l1);
      requirePenalty("l2", l2);
    }

    /** SGD with step 0.01, no penalties, an intercept, and scaling: River's default pipeline. */
    public static Settings defaults() {
      return new Settings(new Optimizer.Sgd(Optimizer.Sgd.DEFAULT_LEARNING_RATE), 0, 0, true, true);
    }

    /** These settings with another optimizer. */
    public Settings withOptimizer(Optimizer other) {
      return new Settings(other, l1, l2, fitIntercept, scale);
    }

    /** These settings with other penalties. */
    public Settings withPenalties(double otherL1, double otherL2) {
      return new Settings(optimizer, otherL1, otherL2, fitIntercept, scale);
    }

    /** These settings with or without the scaler. */
    public Settings withScale(boolean otherScale) {
      return new Settings(optimizer, l1, l2, fitIntercept, otherScale);
    }

    private static void requirePenalty(String name, double value) {
      if (!(value >= 0.0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
      }
    }

    static Settings from(ParameterValues p) {
      Optimizer optimizer =
          switch (p.getChoice("optimizer")) {
            case "sgd" -> {
              p.requireUnset("alpha", "to optimizer sgd (it applies to ftrl)");
              p.requireUnset("beta", "to optimizer sgd (it applies to ftrl)");
              yield new Optimizer.Sgd(
                  p.getDouble("learning_rate", Optimizer.Sgd.DEFAULT_LEARNING_RATE));
            }
            case "adagrad" -> {
              p.requireUnset("alpha", "to optimizer adagrad (it applies to ftrl)");
              p.requireUnset("beta", "to optimizer adagrad (it applies to ftrl)");
              yield new Optimizer.AdaGrad(
                  p.getDouble("learning_rate", Optimizer.AdaGrad.DEFAULT_LEARNING_RATE));
            }
            default -> {
              p.requireUnset("learning_rate", "to optimizer ftrl (it uses alpha and beta)");
              yield new Optimizer.FtrlProximal(p.getDouble("alpha"), p.getDouble("beta"));
            }
          };
      return new Settings(
          optimizer,
          p.getDouble("l1"),
          p.getDouble("l2"),
          p.getBoolean("fit_intercept"),
          p.getBoolean("scale"));
    }
  }

  /** The catalog entry. */
  public static final LearnerKind<Settings> KIND =
      LearnerKind.<Settings>builder("logistic-regression")
          .description(
              "Online logistic regression (SGD, AdaGrad or FTRL-Proximal; L1/L2; online"
                  + " standard scaling).")
          .parameters(
              List.of(
                  Parameter.choice(
                      "optimizer",
                      "sgd",
                      List.of("sgd", "adagrad", "ftrl"),
                      "How gradients move the weights."),
                  Parameter.decimal(
                      "learning_rate",
                      "Step size of sgd (default 0.01) and adagrad (default 0.1)."),
                  Parameter.decimal(
                      "alpha",
                      Optimizer.FtrlProximal.DEFAULT_ALPHA,
                      "ftrl: per-coordinate learning rate alpha / (beta + sqrt(n))."),
                  Parameter.decimal(
                      "beta", Optimizer.FtrlProximal.DEFAULT_BETA, "ftrl: smooths early steps."),
                  Parameter.decimal(
                      "l1",
                      0.0,
                      "L1 penalty: drives weights to exactly zero. For ftrl it thresholds the"
                          + " accumulated gradient (McMahan's lambda_1): typical values 1 to 50."),
                  Parameter.decimal("l2", 0.0, "L2 penalty: shrinks weights."),
                  Parameter.flag("fit_intercept", true, "Learn an (unpenalised) intercept."),
                  Parameter.flag(
                      "scale", true, "Standardise features with running means and variances.")))
          .settings(Settings::from)
          .factory(LogisticRegression::new)
          .format(1, 1, LogisticRegression::read)
          .build();

  private static final byte SGD = 0;
  private static final byte ADAGRAD = 1;
  private static final byte FTRL = 2;

  private final Settings settings;
  private final FeatureIndex features;
  private final IndexedFeatures buffer;
  private final StandardScaler scaler;
  private final WeightState state;

  public LogisticRegression() {
    this(Settings.defaults());
  }

  public LogisticRegression(Settings settings) {
    this(settings, new FeatureIndex(), null);
  }

  private LogisticRegression(Settings settings, FeatureIndex features, StandardScaler scaler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.features = features;
    this.buffer = new IndexedFeatures(features);
    this.scaler =
        settings.scale() ? (scaler != null ? scaler : new StandardScaler(features)) : null;
    this.state =
        WeightState.create(settings.optimizer(), settings.l1(), settings.l2(), features.size());
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    LearnerInputs.requireWeight(weight);
    IndexedFeatures f = buffer;
    f.gatherForLearning(x);
    int n = f.size();
    state.ensureCapacity(features.size());
    double z = state.intercept;
    double[] w = state.w;
    if (scaler != null) {
      scaler.learnAndTransform(f, weight);
    }
    for (int i = 0; i < n; i++) {
      z += w[f.slot(i)] * f.value(i);
    }
    double g = (Logistic.sigmoid(z) - (y ? 1.0 : 0.0)) * weight;
    state.step(f, g);
    if (settings.fitIntercept()) {
      state.stepIntercept(g);
    }
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    IndexedFeatures f = buffer;
    f.gatherKnown(x);
    double z = state.intercept;
    for (int i = 0, n = f.size(); i < n; i++) {
      int slot = f.slot(i);
      double v = scaler != null ? scaler.transform(slot, f.value(i)) : f.value(i);
      z += state.weight(slot) * v;
    }
    return Logistic.sigmoid(z);
  }

  /** The settings this learner was built with. */
  public Settings settings() {
    return settings;
  }

  /** The current weight of every feature seen, by name (on the scaled features if scaling). */
  public Map<String, Double> weights() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int s = 0; s < features.size(); s++) {
      out.put(features.name(s), state.weight(s));
    }
    return out;
  }

  /** The current intercept. */
  public double intercept() {
    return state.intercept;
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
    Optimizer o = settings.optimizer();
    if (o instanceof Optimizer.Sgd sgd) {
      out.writeByte(SGD);
      out.writeDouble(sgd.learningRate());
    } else if (o instanceof Optimizer.AdaGrad ada) {
      out.writeByte(ADAGRAD);
      out.writeDouble(ada.learningRate());
    } else {
      Optimizer.FtrlProximal ftrl = (Optimizer.FtrlProximal) o;
      out.writeByte(FTRL);
      out.writeDouble(ftrl.alpha());
      out.writeDouble(ftrl.beta());
    }
    out.writeDouble(settings.l1());
    out.writeDouble(settings.l2());
    out.writeBoolean(settings.fitIntercept());
    out.writeBoolean(settings.scale());
    features.writeTo(out);
    if (scaler != null) {
      scaler.writeTo(out);
    }
    state.write(out, features.size());
  }

  private static LogisticRegression read(DataInput in, int version, LearnerCatalog catalog)
      throws IOException {
    Settings settings;
    try {
      int code = in.readByte();
      Optimizer optimizer =
          switch (code) {
            case SGD -> new Optimizer.Sgd(in.readDouble());
            case ADAGRAD -> new Optimizer.AdaGrad(in.readDouble());
            case FTRL -> new Optimizer.FtrlProximal(in.readDouble(), in.readDouble());
            default -> throw new LearnerFormatException("unknown optimizer code " + code);
          };
      settings =
          new Settings(
              optimizer, in.readDouble(), in.readDouble(), in.readBoolean(), in.readBoolean());
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException(e.getMessage(), e);
    }
    FeatureIndex features = FeatureIndex.readFrom(in);
    StandardScaler scaler = settings.scale() ? StandardScaler.readFrom(in, features) : null;
    LogisticRegression lr = new LogisticRegression(settings, features, scaler);
    lr.state.read(in, features.size());
    return lr;
  }
}
