package io.streamlearn.model.core.linear;

/**
 * How {@link LogisticRegression} turns gradients into weights. Each optimizer keeps its own
 * per-feature state; all of them touch only the features present in the example (sparse updates),
 * take the L1 and L2 penalties of the model, and leave the intercept unpenalised.
 */
public sealed interface Optimizer {

  /** The name used in pipeline files. */
  String name();

  /**
   * Plain stochastic gradient descent with a constant step size. L2 adds {@code l2 * w} to the
   * gradient of each feature present; L1 uses the cumulative penalty of Y. Tsuruoka, J. Tsujii and
   * S. Ananiadou, Stochastic Gradient Descent Training for L1-regularized Log-linear Models with
   * Cumulative Penalty, ACL 2009.
   */
  record Sgd(double learningRate) implements Optimizer {
    /** The default step size, River's. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    public Sgd {
      requirePositive("learning_rate", learningRate);
    }

    @Override
    public String name() {
      return "sgd";
    }
  }

  /**
   * AdaGrad: per-feature step sizes {@code learning_rate / sqrt(sum of squared gradients)}; L1 by
   * the composite-mirror-descent soft threshold, scaled by each feature's step size (it shrinks
   * irrelevant weights but zeroes fewer of them than FTRL's dual averaging). J. Duchi, E. Hazan and
   * Y. Singer, Adaptive Subgradient Methods for Online Learning and Stochastic Optimization, JMLR
   * 12, 2011.
   */
  record AdaGrad(double learningRate) implements Optimizer {
    /** The default step size, River's. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;

    public AdaGrad {
      requirePositive("learning_rate", learningRate);
    }

    @Override
    public String name() {
      return "adagrad";
    }
  }

  /**
   * FTRL-Proximal with per-coordinate learning rates {@code alpha / (beta + sqrt(n))} and L1/L2 in
   * closed form, which keeps weights exactly zero under L1. H. B. McMahan et al., Ad Click
   * Prediction: a View from the Trenches, KDD 2013 (Algorithm 1).
   */
  record FtrlProximal(double alpha, double beta) implements Optimizer {
    /** The default alpha, River's. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The default beta, the paper's and River's. */
    public static final double DEFAULT_BETA = 1.0;

    public FtrlProximal {
      requirePositive("alpha", alpha);
      if (!(beta >= 0.0) || !Double.isFinite(beta)) {
        throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
      }
    }

    @Override
    public String name() {
      return "ftrl";
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }
}
