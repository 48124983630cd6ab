package io.streamlearn.model.core.preprocessing;

import io.streamlearn.model.core.FeatureIndex;
import io.streamlearn.model.core.IndexedFeatures;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.stats.WeightedMoments;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Online standardisation, in the spirit of River's {@code preprocessing.StandardScaler}: each
 * feature is centred on its running mean and divided by its running standard deviation (population
 * form, weighted Welford; see {@link WeightedMoments}). A feature whose variance is still zero, or
 * that was never learned, scales to 0.
 *
 * <p>Two ways in:
 *
 * <ul>
 *   <li>by name: {@link #learnOne(Map, double)} then {@link #transformOne(Map)}, on the scaler's
 *       own {@link FeatureIndex};
 *   <li>by slot, for a learner that embeds the scaler over the learner's own index ({@link
 *       #StandardScaler(FeatureIndex)}): {@link #update(int, double, double)} and {@link
 *       #transform(int, double)}, one array read per feature and no allocation. The learner interns
 *       the names.
 * </ul>
 *
 * <p>The scale factor {@code 1 / std} of a feature is refreshed on every update: by one Newton step
 * from its previous value while the variance moved by less than 0.1% (relative error below 4e-7, no
 * square root), exactly otherwise. It is therefore part of the state.
 *
 * <p>Byte layout: the moments of every slot of the index ({@link WeightedMoments#writeTo}), then
 * the scale factor of every slot (doubles); the index itself is written by its owner.
 */
public final class StandardScaler {

  // Within this relative distance of the target, one Newton step refreshes 1 / std to ~4e-7.
  private static final double NEWTON_RANGE = 1e-3;

  private final FeatureIndex features;
  private final WeightedMoments moments;
  private final IndexedFeatures buffer;
  private double[] inverseStd;
  private double[] scratchMeans = new double[16];
  private double[] scratchVariances = new double[16];

  /** A scaler with its own feature index, used by name. */
  public StandardScaler() {
    this(new FeatureIndex());
  }

  /** A scaler over {@code features}, an index owned and filled by the embedding learner. */
  public StandardScaler(FeatureIndex features) {
    this(features, new WeightedMoments(Math.max(8, features.size())));
  }

  private StandardScaler(FeatureIndex features, WeightedMoments moments) {
    this.features = features;
    this.moments = moments;
    this.buffer = new IndexedFeatures(features);
    this.inverseStd = new double[Math.max(8, features.size())];
  }

  /** The index whose slots this scaler keeps statistics for. */
  public FeatureIndex features() {
    return features;
  }

  /** Updates the running statistics with the features of {@code x}, weighted by {@code weight}. */
  public void learnOne(Map<String, Double> x, double weight) {
    LearnerInputs.requireWeight(weight);
    buffer.gatherForLearning(x);
    for (int i = 0, n = buffer.size(); i < n; i++) {
      update(buffer.slot(i), buffer.value(i), weight);
    }
  }

  /** Updates the running statistics with the features of {@code x}. */
  public void learnOne(Map<String, Double> x) {
    learnOne(x, 1.0);
  }

  /** A new map with every feature of {@code x} standardised with the current statistics. */
  public Map<String, Double> transformOne(Map<String, Double> x) {
    Map<String, Double> out = new HashMap<>(x.size() * 2);
    x.forEach(
        (name, value) -> {
          if (value != null) {
            int slot = features.indexOf(name);
            double v = LearnerInputs.requireFinite(name, value);
            out.put(name, slot < 0 ? 0.0 : transform(slot, v));
          }
        });
    return out;
  }

  /** Adds {@code value} of feature {@code slot} with weight {@code weight} to the statistics. */
  public void update(int slot, double value, double weight) {
    double variance = moments.update(slot, value, weight);
    if (slot >= inverseStd.length) {
      inverseStd = Arrays.copyOf(inverseStd, Math.max(slot + 1, inverseStd.length * 2));
    }
    double y = inverseStd[slot];
    double r = variance * y * y;
    if (r > 1.0 - NEWTON_RANGE && r < 1.0 + NEWTON_RANGE) {
      inverseStd[slot] = y * (1.5 - 0.5 * r);
    } else {
      inverseStd[slot] = variance > 0.0 ? 1.0 / Math.sqrt(variance) : 0.0;
    }
  }

  /**
   * {@link #update} with every gathered feature of {@code features}, then replaces each value by
   * its standardised value under the updated statistics: what a learner does with the example it
   * learns. Tight loops over columns, for speed.
   */
  public void learnAndTransform(IndexedFeatures features, double weight) {
    int n = features.size();
    if (scratchMeans.length < n) {
      scratchMeans = new double[Math.max(n, 2 * scratchMeans.length)];
      scratchVariances = new double[scratchMeans.length];
    }
    if (this.features.size() > inverseStd.length) {
      inverseStd = Arrays.copyOf(inverseStd, Math.max(this.features.size(), 2 * inverseStd.length));
    }
    double[] means = scratchMeans;
    double[] variances = scratchVariances;
    moments.updateAll(features, weight, means, variances);
    double[] inv = inverseStd;
    for (int i = 0; i < n; i++) {
      int slot = features.slot(i);
      double variance = variances[i];
      double y = inv[slot];
      double r = variance * y * y;
      if (r > 1.0 - NEWTON_RANGE && r < 1.0 + NEWTON_RANGE) {
        y *= 1.5 - 0.5 * r;
      } else {
        y = variance > 0.0 ? 1.0 / Math.sqrt(variance) : 0.0;
      }
      inv[slot] = y;
      features.setValue(i, (features.value(i) - means[i]) * y);
    }
  }

  /** {@code (value - mean) / std} of feature {@code slot}; 0 while its variance is zero. */
  public double transform(int slot, double value) {
    return slot < inverseStd.length ? (value - moments.mean(slot)) * inverseStd[slot] : 0.0;
  }

  /** The running mean of {@code feature}; 0 if never learned. */
  public double mean(String feature) {
    int slot = features.indexOf(feature);
    return slot < 0 ? 0.0 : moments.mean(slot);
  }

  /** The running population variance of {@code feature}; 0 if never learned. */
  public double variance(String feature) {
    int slot = features.indexOf(feature);
    return slot < 0 ? 0.0 : moments.populationVariance(slot);
  }

  /** Writes the statistics, then the scale factor (1 / std), of every slot of the index. */
  public void writeTo(DataOutput out) throws IOException {
    int n = features.size();
    moments.writeTo(out, n);
    for (int s = 0; s < n; s++) {
      out.writeDouble(s < inverseStd.length ? inverseStd[s] : 0.0);
    }
  }

  /** Reads statistics written by {@link #writeTo} for the slots of {@code features}. */
  public static StandardScaler readFrom(DataInput in, FeatureIndex features) throws IOException {
    int n = features.size();
    StandardScaler scaler = new StandardScaler(features, WeightedMoments.readFrom(in, n));
    for (int s = 0; s < n; s++) {
      double y = in.readDouble();
      if (!(y >= 0.0) || !Double.isFinite(y)) {
        throw new LearnerFormatException("invalid scale factor " + y + " at slot " + s);
      }
      scaler.inverseStd[s] = y;
    }
    return scaler;
  }
}
