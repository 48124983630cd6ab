package io.streamlearn.model.core.serving;

import io.streamlearn.model.core.FeatureVector;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The features of one example as they were scored, in canonical form: names in ascending order, one
 * value per name ({@code NaN} when the feature is absent), and the names whose value was imputed
 * (see {@link FeatureImputer}). The same features give the same canonical form whatever the order
 * of the map they came from, so a learner fed from it behaves identically on every engine.
 * Immutable.
 */
public final class ExampleFeatures {

  private static final String[] NONE = new String[0];

  private final String[] names;
  private final double[] values;
  private final String[] imputed;

  private ExampleFeatures(String[] names, double[] values, String[] imputed) {
    this.names = names;
    this.values = values;
    this.imputed = imputed;
  }

  /**
   * Canonical features from a map of finite values ({@code NaN} for absent) and the imputed names.
   *
   * @throws IllegalArgumentException on an infinite value or an imputed name that is not a feature
   */
  public static ExampleFeatures of(Map<String, Double> values, List<String> imputed) {
    // the imputer's map is already a naturally ordered TreeMap: no copy
    TreeMap<String, Double> sorted =
        values instanceof TreeMap<String, Double> tree && tree.comparator() == null
            ? tree
            : new TreeMap<>(values);
    String[] names = sorted.keySet().toArray(NONE);
    double[] v = new double[names.length];
    int i = 0;
    for (Double value : sorted.values()) {
      double d = value == null ? Double.NaN : value;
      if (Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            "feature '" + names[i] + "' must be finite or absent, got " + d);
      }
      v[i++] = d;
    }
    String[] imp =
        imputed.isEmpty() ? NONE : imputed.stream().distinct().sorted().toArray(String[]::new);
    for (String name : imp) {
      if (Arrays.binarySearch(names, name) < 0) {
        throw new IllegalArgumentException("imputed feature '" + name + "' is not a feature");
      }
    }
    return new ExampleFeatures(names, v, imp.length == 0 ? NONE : imp);
  }

  /** Features from already canonical arrays (names sorted and distinct); for codecs. */
  static ExampleFeatures ofSorted(String[] names, double[] values, String[] imputed) {
    for (int i = 1; i < names.length; i++) {
      if (names[i - 1].compareTo(names[i]) >= 0) {
        throw new IllegalArgumentException("feature names are not sorted and distinct");
      }
    }
    for (int i = 1; i < imputed.length; i++) {
      if (imputed[i - 1].compareTo(imputed[i]) >= 0) {
        throw new IllegalArgumentException("imputed names are not sorted and distinct");
      }
    }
    for (String name : imputed) {
      if (Arrays.binarySearch(names, name) < 0) {
        throw new IllegalArgumentException("imputed feature '" + name + "' is not a feature");
      }
    }
    for (double v : values) {
      if (Double.isInfinite(v)) {
        throw new IllegalArgumentException("a feature value is infinite");
      }
    }
    return new ExampleFeatures(names, values, imputed);
  }

  /** How many names, present or absent. */
  public int size() {
    return names.length;
  }

  /** The name at {@code i}, in ascending order. */
  public String name(int i) {
    return names[i];
  }

  /** The value at {@code i}; {@code NaN} when absent. */
  public double value(int i) {
    return values[i];
  }

  /** The names, in ascending order. */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** The imputed names, in ascending order. */
  public List<String> imputed() {
    return Collections.unmodifiableList(Arrays.asList(imputed));
  }

  /** How many features were imputed: {@code Prediction.imputedFeatures}. */
  public int imputedCount() {
    return imputed.length;
  }

  /** Whether {@code name} was imputed. */
  public boolean isImputed(String name) {
    return imputed.length > 0 && Arrays.binarySearch(imputed, name) >= 0;
  }

  /** The present features as a map, in name order. */
  public Map<String, Double> asMap() {
    TreeMap<String, Double> map = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      if (!Double.isNaN(values[i])) {
        map.put(names[i], values[i]);
      }
    }
    return map;
  }

  /** The features as a learner's fast input, over a schema shared through {@code schemas}. */
  public FeatureVector toVector(FeatureSchemas schemas) {
    FeatureVector vector = schemas.schema(names).newVector();
    for (int i = 0; i < values.length; i++) {
      vector.set(i, values[i]);
    }
    return vector;
  }

  String[] namesArray() {
    return names;
  }

  double[] valuesArray() {
    return values;
  }

  String[] imputedArray() {
    return imputed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExampleFeatures other
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values)
        && Arrays.equals(imputed, other.imputed);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(names) + Arrays.hashCode(values)) + Arrays.hashCode(imputed);
  }

  @Override
  public String toString() {
    return asMap() + (imputed.length == 0 ? "" : " imputed " + Arrays.toString(imputed));
  }
}
