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
 * <p>{@code null} values are absent features. A {@link FeatureVector} is read by position: its
 * schema's names are resolved to slots once (the last schema seen is cached), so gathering it costs
 * no hashing. Not thread-safe: one buffer per learner.
 */
public final class IndexedFeatures implements BiConsumer<String, Double> {

  private final FeatureIndex index;
  private int[] slots = new int[16];
  private double[] values = new double[16];
  private String[] newNames = new String[4];
  private int size;
  private int newCount;
  private FeatureVector.Schema cachedSchema;
  private int[] schemaSlots;

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
    if (x instanceof FeatureVector vector) {
      gather(vector, true);
      return;
    }
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
    if (x instanceof FeatureVector vector) {
      gather(vector, false);
      return;
    }
    size = 0;
    newCount = -1;
    x.forEach(this);
    newCount = 0;
  }

  private void gather(FeatureVector vector, boolean learning) {
    FeatureVector.Schema schema = vector.schema();
    int n = schema.size();
    if (schema != cachedSchema) {
      cachedSchema = schema;
      schemaSlots = new int[n];
      for (int i = 0; i < n; i++) {
        schemaSlots[i] = index.indexOf(schema.name(i));
      }
    }
    if (slots.length < n) {
      slots = Arrays.copyOf(slots, n);
      values = Arrays.copyOf(values, n);
    }
    int[] bySchema = schemaSlots;
    int count = 0;
    for (int i = 0; i < n; i++) {
      double v = vector.value(i);
      if (v != v) {
        continue;
      }
      int slot = bySchema[i];
      if (slot < 0) {
        // A name the index did not know when the schema was resolved: it may know it now.
        slot = learning ? index.intern(schema.name(i)) : index.indexOf(schema.name(i));
        if (slot < 0) {
          continue;
        }
        bySchema[i] = slot;
      }
      slots[count] = slot;
      values[count] = v;
      count++;
    }
    size = count;
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
