package io.streamlearn.model.core;

/**
 * The checks every learner applies to its inputs, so that bad input gets the same clear error
 * everywhere and is rejected before any state changes.
 */
public final class LearnerInputs {

  private LearnerInputs() {}

  /**
   * Checks an importance weight.
   *
   * @throws IllegalArgumentException unless {@code weight} is finite and &gt; 0
   */
  public static double requireWeight(double weight) {
    if (!(weight > 0.0) || weight == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("example weight must be finite and > 0, got " + weight);
    }
    return weight;
  }

  /**
   * Checks one feature value; a {@code null} value means the feature is absent and is not passed
   * here.
   *
   * @throws IllegalArgumentException naming the feature when {@code value} is NaN or infinite
   */
  public static double requireFinite(String feature, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "feature '" + feature + "' must be a finite number, got " + value);
    }
    return value;
  }
}
