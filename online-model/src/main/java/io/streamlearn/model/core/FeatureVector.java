package io.streamlearn.model.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The features of one example over a fixed {@link Schema}: a {@code double[]} seen as the {@code
 * Map<String, Double>} learners take. Learners recognise it and read it by position, resolving the
 * schema's names to their slots once per schema instead of hashing every name on every call; any
 * other code sees an ordinary read-only map.
 *
 * <p>A {@code NaN} value means the feature is absent: it is not in the map. Infinite values are
 * rejected. A vector is mutable so that a hot loop can refill one instance per example ({@link
 * #set}, {@link #reset}); learners never keep a reference to it.
 */
public final class FeatureVector extends AbstractMap<String, Double> {

  /** The names of a family of vectors, in position order. Immutable; share one per stream. */
  public static final class Schema {
    private final String[] names;
    private final Map<String, Integer> positions;

    private Schema(String[] names) {
      this.names = names;
      this.positions = new HashMap<>(names.length * 2);
      for (int i = 0; i < names.length; i++) {
        if (names[i] == null || positions.put(names[i], i) != null) {
          throw new IllegalArgumentException(
              "schema names must be distinct and non-null: " + names[i]);
        }
      }
    }

    /** A schema of {@code names}, in this order. */
    public static Schema of(List<String> names) {
      return new Schema(names.toArray(new String[0]));
    }

    /** How many features the schema names. */
    public int size() {
      return names.length;
    }

    /** The name at {@code position}. */
    public String name(int position) {
      return names[position];
    }

    /** The position of {@code name}, or -1. */
    public int position(String name) {
      Integer p = positions.get(name);
      return p == null ? -1 : p;
    }

    /** A new vector of this schema with every feature absent. */
    public FeatureVector newVector() {
      return new FeatureVector(this);
    }
  }

  private final Schema schema;
  private final double[] values;

  private FeatureVector(Schema schema) {
    this.schema = schema;
    this.values = new double[schema.size()];
    Arrays.fill(values, Double.NaN);
  }

  /** The schema of this vector. */
  public Schema schema() {
    return schema;
  }

  /**
   * Sets the feature at {@code position}; {@code NaN} makes it absent.
   *
   * @throws IllegalArgumentException when {@code value} is infinite
   */
  public FeatureVector set(int position, double value) {
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "feature '" + schema.name(position) + "' must be a finite number, got " + value);
    }
    values[position] = value;
    return this;
  }

  /** Sets the feature named {@code name}, which the schema must know. */
  public FeatureVector set(String name, double value) {
    int p = schema.position(name);
    if (p < 0) {
      throw new IllegalArgumentException("feature '" + name + "' is not in the schema");
    }
    return set(p, value);
  }

  /** The value at {@code position}; {@code NaN} when absent. */
  public double value(int position) {
    return values[position];
  }

  /** Makes every feature absent. */
  public FeatureVector reset() {
    Arrays.fill(values, Double.NaN);
    return this;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Double> action) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v == v) {
        action.accept(schema.names[i], v);
      }
    }
  }

  @Override
  public Double get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    int p = schema.position(name);
    return p < 0 || Double.isNaN(values[p]) ? null : values[p];
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    int n = 0;
    for (double v : values) {
      if (v == v) {
        n++;
      }
    }
    return n;
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && Double.isNaN(values[i])) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Double> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Double> e = new SimpleImmutableEntry<>(schema.names[next], values[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return FeatureVector.this.size();
      }
    };
  }
}
