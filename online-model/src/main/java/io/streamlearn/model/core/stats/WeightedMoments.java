package io.streamlearn.model.core.stats;

import io.streamlearn.model.core.IndexedFeatures;
import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Running weighted mean and variance of many variables at once, one per slot (e.g. one per feature
 * of a {@link io.streamlearn.model.core.FeatureIndex}), by West's weighted form of Welford's
 * algorithm: D. H. D. West, Updating Mean and Variance Estimates: An Improved Method, CACM 22(9),
 * 1979.
 *
 * <p>Weights are frequency weights: observing {@code x} with weight 2 gives the same moments as
 * observing it twice. State is kept in columns ({@code double[]} per moment) so that learners read
 * it without indirection or allocation. Slots grow on demand.
 */
public final class WeightedMoments {

  private double[] weight;
  private double[] mean;
  private double[] m2;

  public WeightedMoments() {
    this(8);
  }

  public WeightedMoments(int initialSlots) {
    int n = Math.max(1, initialSlots);
    weight = new double[n];
    mean = new double[n];
    m2 = new double[n];
  }

  /**
   * Adds observation {@code x} of slot {@code slot} with weight {@code w} (&gt; 0).
   *
   * @return the new population variance of the slot (one division for both)
   */
  public double update(int slot, double x, double w) {
    if (slot >= weight.length) {
      grow(slot + 1);
    }
    double total = weight[slot] + w;
    double inverse = 1.0 / total;
    double delta = x - mean[slot];
    double newMean = mean[slot] + delta * w * inverse;
    double q = m2[slot] + w * delta * (x - newMean);
    m2[slot] = q;
    mean[slot] = newMean;
    weight[slot] = total;
    return q * inverse;
  }

  /**
   * {@link #update} of every gathered feature of {@code features} with weight {@code w}, in one
   * tight loop: the new mean of the {@code i}-th feature goes to {@code means[i]} and its
   * population variance to {@code variances[i]}.
   */
  public void updateAll(IndexedFeatures features, double w, double[] means, double[] variances) {
    int n = features.size();
    for (int i = 0; i < n; i++) {
      if (features.slot(i) >= weight.length) {
        grow(features.slot(i) + 1);
      }
    }
    double[] ws = weight;
    double[] mu = mean;
    double[] q2 = m2;
    // Features seen in the same examples share their total weight: one division serves them all.
    double lastTotal = Double.NaN;
    double lastInverse = 0.0;
    for (int i = 0; i < n; i++) {
      int slot = features.slot(i);
      double x = features.value(i);
      double total = ws[slot] + w;
      double inverse;
      if (total == lastTotal) {
        inverse = lastInverse;
      } else {
        inverse = 1.0 / total;
        lastTotal = total;
        lastInverse = inverse;
      }
      double delta = x - mu[slot];
      double newMean = mu[slot] + delta * w * inverse;
      double q = q2[slot] + w * delta * (x - newMean);
      q2[slot] = q;
      mu[slot] = newMean;
      ws[slot] = total;
      means[i] = newMean;
      variances[i] = q * inverse;
    }
  }

  /** The total weight observed for {@code slot}; 0 for a slot never updated. */
  public double weight(int slot) {
    return slot < weight.length ? weight[slot] : 0.0;
  }

  /** The weighted mean of {@code slot}; 0 for a slot never updated. */
  public double mean(int slot) {
    return slot < mean.length ? mean[slot] : 0.0;
  }

  /** The population variance (divided by the total weight); 0 until observed. */
  public double populationVariance(int slot) {
    double w = weight(slot);
    return w > 0.0 ? Math.max(0.0, m2[slot] / w) : 0.0;
  }

  /** The sample variance (divided by the total weight minus one); 0 while the weight is ≤ 1. */
  public double sampleVariance(int slot) {
    double w = weight(slot);
    return w > 1.0 ? Math.max(0.0, m2[slot] / (w - 1.0)) : 0.0;
  }

  /**
   * Writes slots {@code 0 .. slots - 1}: an int count, then weight, mean and M2 of each slot as
   * doubles.
   */
  public void writeTo(DataOutput out, int slots) throws IOException {
    out.writeInt(slots);
    for (int s = 0; s < slots; s++) {
      out.writeDouble(weight(s));
      out.writeDouble(mean(s));
      out.writeDouble(s < m2.length ? m2[s] : 0.0);
    }
  }

  /** Reads moments written by {@link #writeTo}, expecting exactly {@code slots} slots. */
  public static WeightedMoments readFrom(DataInput in, int slots) throws IOException {
    int n = in.readInt();
    if (n != slots) {
      throw new LearnerFormatException("expected moments of " + slots + " slots, found " + n);
    }
    WeightedMoments m = new WeightedMoments(slots);
    for (int s = 0; s < n; s++) {
      double w = in.readDouble();
      double mu = in.readDouble();
      double q = in.readDouble();
      if (!(w >= 0.0)
          || !Double.isFinite(w)
          || !Double.isFinite(mu)
          || !(q >= 0.0)
          || !Double.isFinite(q)) {
        throw new LearnerFormatException("invalid moments at slot " + s);
      }
      m.weight[s] = w;
      m.mean[s] = mu;
      m.m2[s] = q;
    }
    return m;
  }

  private void grow(int needed) {
    int n = Math.max(needed, weight.length * 2);
    weight = Arrays.copyOf(weight, n);
    mean = Arrays.copyOf(mean, n);
    m2 = Arrays.copyOf(m2, n);
  }
}
