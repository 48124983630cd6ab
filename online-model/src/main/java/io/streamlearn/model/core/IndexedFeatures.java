package io.streamlearn.model.core;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A reusable buffer of one example's features as (slot, value) pairs of a {@link FeatureIndex}: the
 * first step of every learner call. Gathering checks every value before the index changes, so a
 * rejected example leaves the learner untouched, and allocates nothing once the buffer has grown to
 * the widest example.
 *
 * <p>{@code null} values are absent features. Not thread-safe: one buffer per learner.
 */
public final class IndexedFeatures implements BiConsumer<String, Double> {

  private final FeatureIndex index;
  private int[] slots = new int[16];
  private double[] values = new double[16];
  private String[] newNames = new String[4];
  private int size;
  private int newCount;

  public IndexedFeatures(FeatureIndex index) {
    this.index = index;
  }

  /**
   * Gathers the features of {@code x} for learning: names seen for the first time are interned,
   * after every value was checked.
   *
   * @throws IllegalArgumentException when a value is NaN or infinite; the index is then unchanged
   */
  public void gatherForLearning(Map<String, Double> x) {
    size = 0;
    newCount = 0;
    x.forEach(this);
    if (newCount > 0) {
      for (int i = 0; i < size; i++) {
        if (slots[i] < 0) {
          int k = -slots[i] - 1;
          slots[i] = index.intern(newNames[k]);
          newNames[k] = null;
        }
      }
      newCount = 0;
    }
  }

  /**
   * Gathers the features of {@code x} that the index knows, for prediction; unknown names are
   * skipped (a learner knows nothing about them).
   *
   * @throws IllegalArgumentException when a value is NaN or infinite
   */
  public void gatherKnown(Map<String, Double> x) {
    size = 0;
    newCount = -1;
    x.forEach(this);
    newCount = 0;
  }

  /** How many features were gathered. */
  public int size() {
    return size;
  }

  /** The slot of the {@code i}-th gathered feature. */
  public int slot(int i) {
    return slots[i];
  }

  /** The value of the {@code i}-th gathered feature. */
  public double value(int i) {
    return values[i];
  }

  /** Replaces the value of the {@code i}-th gathered feature (e.g. after scaling). */
  public void setValue(int i, double value) {
    values[i] = value;
  }

  /** Callback of {@link Map#forEach}; not for direct use. */
  @Override
  public void accept(String name, Double boxed) {
    if (boxed == null) {
      return;
    }
    double v = LearnerInputs.requireFinite(name, boxed);
    int slot = index.indexOf(name);
    if (slot < 0) {
      if (newCount < 0) {
        return;
      }
      if (newCount == newNames.length) {
        newNames = Arrays.copyOf(newNames, newCount * 2);
      }
      newNames[newCount] = name;
      slot = -(++newCount);
    }
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    slots[size] = slot;
    values[size] = v;
    size++;
  }
}
