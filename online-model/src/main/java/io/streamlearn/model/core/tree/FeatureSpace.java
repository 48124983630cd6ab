package io.streamlearn.model.core.tree;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Maps feature names to dense indices so that trees keep their statistics in arrays, and encodes a
 * feature map as a dense vector with {@code NaN} for every absent feature.
 *
 * <p>Indices are given in order of first appearance; the new names of one example are registered in
 * sorted order, so the indices depend only on the sequence of feature sets seen, never on a map's
 * iteration order. Only learning registers names: predicting on an unknown feature ignores it.
 *
 * <p>A value is treated as missing when the feature is absent, its value is {@code null}, or it is
 * not finite. A nominal feature (named at construction) takes non-negative integer codes up to
 * {@value #MAX_NOMINAL_CODE}; any other value is rejected with an {@link IllegalArgumentException}.
 */
public final class FeatureSpace {

  /** The largest code a nominal feature may take (observers keep one slot per code). */
  public static final int MAX_NOMINAL_CODE = 65_535;

  private final SortedSet<String> nominalNames;
  private final HashMap<String, Integer> ids = new HashMap<>();
  private final ArrayList<String> names = new ArrayList<>();
  private boolean[] nominal = new boolean[16];

  /** An empty space in which the given names are nominal features. */
  public FeatureSpace(Set<String> nominalNames) {
    this.nominalNames = Collections.unmodifiableSortedSet(new TreeSet<>(nominalNames));
  }

  /** The number of features registered so far. */
  public int size() {
    return names.size();
  }

  /** The name of the feature with index {@code id}. */
  public String name(int id) {
    return names.get(id);
  }

  /** Whether the feature with index {@code id} is nominal. */
  public boolean isNominal(int id) {
    return nominal[id];
  }

  /** The names declared nominal. */
  public SortedSet<String> nominalNames() {
    return nominalNames;
  }

  /**
   * Encodes {@code x} as a vector of length {@link #size()} (after registration), {@code NaN} where
   * a feature is missing. With {@code register}, names never seen before are given indices first;
   * without it they are ignored. The map is never modified.
   */
  public double[] encode(Map<String, Double> x, boolean register) {
    if (register) {
      List<String> fresh = null;
      for (String name : x.keySet()) {
        if (name == null) {
          throw new IllegalArgumentException("feature names must not be null");
        }
        if (!ids.containsKey(name)) {
          if (fresh == null) {
            fresh = new ArrayList<>();
          }
          fresh.add(name);
        }
      }
      if (fresh != null) {
        Collections.sort(fresh);
        for (String name : fresh) {
          register(name);
        }
      }
    }
    double[] vector = new double[names.size()];
    Arrays.fill(vector, Double.NaN);
    for (Map.Entry<String, Double> entry : x.entrySet()) {
      Integer id = ids.get(entry.getKey());
      Double boxed = entry.getValue();
      if (id == null || boxed == null) {
        continue;
      }
      double value = boxed;
      if (!Double.isFinite(value)) {
        continue;
      }
      if (nominal[id] && !isNominalCode(value)) {
        throw new IllegalArgumentException(
            "nominal feature '"
                + entry.getKey()
                + "' takes integer codes in [0, "
                + MAX_NOMINAL_CODE
                + "], got "
                + value);
      }
      vector[id] = value;
    }
    return vector;
  }

  private static boolean isNominalCode(double value) {
    return value >= 0.0 && value <= MAX_NOMINAL_CODE && value == Math.rint(value);
  }

  private void register(String name) {
    int id = names.size();
    names.add(name);
    ids.put(name, id);
    if (id == nominal.length) {
      nominal = Arrays.copyOf(nominal, id * 2);
    }
    nominal[id] = nominalNames.contains(name);
  }

  /**
   * Writes the registered names in index order: an int count, then each name as modified UTF-8
   * ({@link DataOutput#writeUTF(String)}). The nominal names are hyper-parameters and are written
   * by the owning learner.
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(names.size());
    for (String name : names) {
      out.writeUTF(name);
    }
  }

  /** Reads a space written by {@link #writeTo(DataOutput)}. */
  public static FeatureSpace readFrom(DataInput in, Set<String> nominalNames) throws IOException {
    FeatureSpace space = new FeatureSpace(nominalNames);
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("corrupt feature space: negative feature count " + count);
    }
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      if (space.ids.containsKey(name)) {
        throw new IOException("corrupt feature space: duplicate feature '" + name + "'");
      }
      space.register(name);
    }
    return space;
  }
}
