package io.streamlearn.model.core.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * How many features a leaf may split on, drawn at random for each leaf when it first learns (the
 * random subspaces of the Adaptive Random Forest, MOA's {@code ARFHoeffdingTree -k} as set by
 * {@code AdaptiveRandomForest -o/-m}). {@code M} is the number of features known when the leaf
 * draws; a size of {@code M} or more means every feature, including features that appear later.
 *
 * @param mode how {@code value} is interpreted
 * @param value the number of features ({@link Mode#SPECIFIED}, negative meaning {@code M -
 *     |value|}) or the percentage of {@code M} ({@link Mode#PERCENTAGE}, negative meaning {@code
 *     100 - |value|}); ignored by the other modes
 */
public record FeatureSubspace(Mode mode, int value) {

  /** Every feature: a plain Hoeffding tree. */
  public static final FeatureSubspace ALL = new FeatureSubspace(Mode.ALL, 0);

  /** {@code m = round(sqrt(M)) + 1}, the Adaptive Random Forest paper's setting. */
  public static final FeatureSubspace SQRT_PLUS_ONE = new FeatureSubspace(Mode.SQRT_PLUS_ONE, 0);

  /** The interpretations of {@link #value()}, as MOA's {@code AdaptiveRandomForest -o}. */
  public enum Mode {
    /** All features. */
    ALL(0),
    /** {@code value} features. */
    SPECIFIED(1),
    /** {@code round(sqrt(M)) + 1} features. */
    SQRT_PLUS_ONE(2),
    /** {@code M - round(sqrt(M) + 1)} features. */
    ALL_BUT_SQRT_PLUS_ONE(3),
    /** {@code round(M * value / 100)} features. */
    PERCENTAGE(4);

    private final int code;

    Mode(int code) {
      this.code = code;
    }

    /** The stable code written in byte layouts. */
    public int code() {
      return code;
    }

    /** The mode with the given {@link #code()}. */
    public static Mode fromCode(int code) {
      for (Mode mode : values()) {
        if (mode.code == code) {
          return mode;
        }
      }
      throw new IllegalArgumentException("unknown feature subspace mode code " + code);
    }
  }

  /** Checks the arguments. */
  public FeatureSubspace {
    List<String> problems = new ArrayList<>();
    if (mode == null) {
      problems.add("mode must not be null");
    } else if (mode == Mode.PERCENTAGE && (value < -100 || value > 100)) {
      problems.add("a percentage must be in [-100, 100], got " + value);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid feature subspace: " + problems);
    }
  }

  /** A subspace of exactly {@code m} features ({@code M - |m|} when negative). */
  public static FeatureSubspace specified(int m) {
    return new FeatureSubspace(Mode.SPECIFIED, m);
  }

  /** A subspace of {@code percent}% of the features. */
  public static FeatureSubspace percentage(int percent) {
    return new FeatureSubspace(Mode.PERCENTAGE, percent);
  }

  /** The subspace size for {@code numFeatures} features, clamped to [1, M] as MOA does. */
  public int sizeFor(int numFeatures) {
    int size;
    switch (mode) {
      case ALL -> {
        return numFeatures;
      }
      case SPECIFIED -> size = value;
      case SQRT_PLUS_ONE -> size = (int) Math.round(Math.sqrt(numFeatures)) + 1;
      case ALL_BUT_SQRT_PLUS_ONE ->
          size = numFeatures - (int) Math.round(Math.sqrt(numFeatures) + 1);
      case PERCENTAGE -> {
        double percent = value < 0 ? (100 + value) / 100.0 : value / 100.0;
        size = (int) Math.round(numFeatures * percent);
      }
      default -> throw new IllegalStateException("unhandled mode " + mode);
    }
    if (size < 0) {
      size = numFeatures + size;
    }
    if (size <= 0) {
      size = 1;
    }
    return Math.min(size, numFeatures);
  }
}
