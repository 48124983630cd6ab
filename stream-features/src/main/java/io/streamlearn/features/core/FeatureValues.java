package io.streamlearn.features.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The complete feature vector of one transaction: every output name of the spec with its value, in
 * the spec's order. Values are always finite (undefined features carry their documented missing
 * value). Immutable.
 */
public final class FeatureValues {

  private final List<String> names;
  private final double[] values;

  private FeatureValues(List<String> names, double[] values) {
    if (names.size() != values.length) {
      throw new IllegalArgumentException(names.size() + " names for " + values.length + " values");
    }
    this.names = names;
    this.values = values;
  }

  /**
   * A vector of {@code values} named by {@code names}, in that order.
   *
   * @throws IllegalArgumentException when the sizes differ or a value is not finite
   */
  public static FeatureValues of(List<String> names, double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("feature values must be finite, not " + value);
      }
    }
    return new FeatureValues(List.copyOf(names), values.clone());
  }

  /**
   * Like {@link #of}, taking ownership of {@code values} and {@code names} (which must be
   * immutable): for the core's freshly assembled arrays.
   */
  static FeatureValues owning(List<String> names, double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("feature values must be finite, not " + value);
      }
    }
    return new FeatureValues(names, values);
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return values.length;
  }

  public double value(int index) {
    return values[index];
  }

  /** The value of feature {@code name}. */
  public double get(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no feature named '" + name + "'; features: " + names);
    }
    return values[index];
  }

  /** A copy of the values, in {@link #names()} order. */
  public double[] values() {
    return values.clone();
  }

  /** Name to value, iterating in the spec's order. */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(names.get(i), values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureValues that
        && names.equals(that.names)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(names, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
