package io.streamlearn.model.core.preprocessing;

import io.streamlearn.model.core.FeatureIndex;
import io.streamlearn.model.core.IndexedFeatures;
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
 * <p>Byte layout: the moments of every slot of the index ({@link WeightedMoments#writeTo}); the
 * index itself is written by its owner.
 */
public final class StandardScaler {

  private final FeatureIndex features;
  private final WeightedMoments moments;
  private final IndexedFeatures buffer;
  private double[] inverseStd;

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
    for (int s = 0; s < features.size(); s++) {
      refresh(s);
    }
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
    moments.update(slot, value, weight);
    if (slot >= inverseStd.length) {
      inverseStd = Arrays.copyOf(inverseStd, Math.max(slot + 1, inverseStd.length * 2));
    }
    refresh(slot);
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

  /** Writes the statistics of every slot of the index. */
  public void writeTo(DataOutput out) throws IOException {
    moments.writeTo(out, features.size());
  }

  /** Reads statistics written by {@link #writeTo} for the slots of {@code features}. */
  public static StandardScaler readFrom(DataInput in, FeatureIndex features) throws IOException {
    return new StandardScaler(features, WeightedMoments.readFrom(in, features.size()));
  }

  private void refresh(int slot) {
    double variance = moments.populationVariance(slot);
    inverseStd[slot] = variance > 0.0 ? 1.0 / Math.sqrt(variance) : 0.0;
  }
}
