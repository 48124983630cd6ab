package io.streamlearn.model.core.serving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bad-input policy of scoring ({@code docs/SERVING.md}, "Bad feature vectors"): a feature the
 * model knows that is missing from a vector, or a value that is {@code NaN} or infinite, is
 * replaced by the feature's mean over the examples the model has learned (published with each
 * snapshot) and flagged as imputed. A bad value of a feature the model has no mean for yet is left
 * out (absent, which every learner treats as unknown) and flagged too. Features the model has never
 * seen pass through. Nothing is ever rejected: a vector always gets a score.
 *
 * <p>The output is canonical ({@link ExampleFeatures}): the same vector gives the same features
 * whatever the order of its map.
 */
public final class FeatureImputer {

  private final SortedMap<String, Double> fills;

  /**
   * @param fills the value of each known feature, used when it is missing or invalid; finite
   */
  public FeatureImputer(Map<String, Double> fills) {
    TreeMap<String, Double> copy = new TreeMap<>();
    fills.forEach(
        (name, value) -> {
          if (name == null || value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                "imputation values must be finite numbers, got " + name + "=" + value);
          }
          copy.put(name, value);
        });
    this.fills = Collections.unmodifiableSortedMap(copy);
  }

  /** An imputer that knows no feature: bad values are left out, nothing missing is filled. */
  public static FeatureImputer empty() {
    return new FeatureImputer(Map.of());
  }

  /** The value of each known feature. */
  public SortedMap<String, Double> fills() {
    return fills;
  }

  /** The canonical, clean features of {@code raw}; a {@code null} value counts as missing. */
  public ExampleFeatures impute(Map<String, Double> raw) {
    TreeMap<String, Double> clean = new TreeMap<>();
    List<String> imputed = null;
    for (Map.Entry<String, Double> e : raw.entrySet()) {
      String name = e.getKey();
      if (name == null) {
        throw new IllegalArgumentException("a feature has no name");
      }
      Double value = e.getValue();
      if (value != null && Double.isFinite(value)) {
        clean.put(name, value);
      } else {
        Double fill = fills.get(name);
        clean.put(name, fill == null ? Double.NaN : fill);
        imputed = add(imputed, name);
      }
    }
    if (!fills.isEmpty()) {
      for (Map.Entry<String, Double> f : fills.entrySet()) {
        if (!clean.containsKey(f.getKey())) {
          clean.put(f.getKey(), f.getValue());
          imputed = add(imputed, f.getKey());
        }
      }
    }
    return ExampleFeatures.of(clean, imputed == null ? List.of() : imputed);
  }

  private static List<String> add(List<String> list, String name) {
    List<String> l = list == null ? new ArrayList<>() : list;
    l.add(name);
    return l;
  }
}
