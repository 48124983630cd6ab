package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.FeatureIndex;
import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.LearnerInputs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Maps feature names to dense indices so that trees keep their statistics in arrays, and encodes a
 * feature map as a dense vector with {@code NaN} for every absent feature.
 *
 * <p>Indices are given in order of first appearance; the new names of one example are registered in
 * sorted order, so the indices depend only on the sequence of feature sets seen, never on a map's
 * iteration order (random feature subspaces are drawn by index). Only learning registers names:
 * predicting on an unknown feature ignores it.
 *
 * <p>A feature is absent when it is not in the map or its value is {@code null}. Every value is
 * checked before anything is registered: a NaN or infinite value, or a nominal feature (named at
 * construction) whose value is not an integer code in [0, {@value #MAX_NOMINAL_CODE}], is rejected
 * with an {@link IllegalArgumentException} naming the feature, and the space is left unchanged.
 *
 * <p>Not thread-safe, like the learners that own it.
 */
public final class FeatureSpace {

  /** The largest code a nominal feature may take (observers keep one slot per code). */
  public static final int MAX_NOMINAL_CODE = 65_535;

  private final SortedSet<String> nominalNames;
  private final FeatureIndex index = new FeatureIndex();
  private boolean[] nominal = new boolean[16];
  private int[] scratchIds = new int[16];
  private double[] scratchValues = new double[16];
  private String[] scratchNames = new String[16];
  private final Gatherer gatherer = new Gatherer();
  private FeatureVector.Schema cachedSchema;
  private int[] schemaIds;

  /** An empty space in which the given names are nominal features. */
  public FeatureSpace(Set<String> nominalNames) {
    this.nominalNames = Collections.unmodifiableSortedSet(new TreeSet<>(nominalNames));
  }

  /** The number of features registered so far. */
  public int size() {
    return index.size();
  }

  /** The name of the feature with index {@code id}. */
  public String name(int id) {
    return index.name(id);
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
   * a feature is absent. With {@code register}, names never seen before are given indices once
   * every value has been checked; without it they are ignored. The map is never modified.
   *
   * @throws IllegalArgumentException naming the feature, when a value is NaN or infinite or a
   *     nominal value is not a code; nothing is registered then
   */
  public double[] encode(Map<String, Double> x, boolean register) {
    if (x instanceof FeatureVector vector) {
      return encode(vector, register);
    }
    gatherer.start(register);
    x.forEach(gatherer);
    int gathered = gatherer.gathered;
    int fresh = gatherer.fresh;
    if (fresh > 0) {
      String[] sorted = Arrays.copyOf(scratchNames, fresh);
      Arrays.sort(sorted);
      for (String name : sorted) {
        register(name);
      }
      for (int i = 0; i < gathered; i++) {
        if (scratchIds[i] < 0) {
          scratchIds[i] = index.indexOf(scratchNames[-scratchIds[i] - 1]);
        }
      }
      Arrays.fill(scratchNames, 0, fresh, null);
    }
    double[] vector = new double[index.size()];
    Arrays.fill(vector, Double.NaN);
    for (int i = 0; i < gathered; i++) {
      vector[scratchIds[i]] = scratchValues[i];
    }
    return vector;
  }

  /**
   * Encodes a {@link FeatureVector} by position: its schema's names are resolved to indices once
   * per schema, so no name is hashed per example. Same rules as for any map.
   */
  private double[] encode(FeatureVector x, boolean register) {
    FeatureVector.Schema schema = x.schema();
    int n = schema.size();
    if (schema != cachedSchema) {
      cachedSchema = schema;
      schemaIds = new int[n];
      for (int i = 0; i < n; i++) {
        schemaIds[i] = index.indexOf(schema.name(i));
      }
    }
    int[] ids = schemaIds;
    int fresh = 0;
    for (int i = 0; i < n; i++) {
      double value = x.value(i);
      if (value != value) {
        continue;
      }
      int id = ids[i];
      if (id < 0) {
        // a name unknown when the schema was resolved may have been registered since
        id = index.indexOf(schema.name(i));
        ids[i] = id;
      }
      boolean isNominal = id >= 0 ? nominal[id] : nominalNames.contains(schema.name(i));
      if (isNominal && !isNominalCode(value)) {
        throw new IllegalArgumentException(
            "nominal feature '"
                + schema.name(i)
                + "' takes integer codes in [0, "
                + MAX_NOMINAL_CODE
                + "], got "
                + value);
      }
      if (id < 0 && register) {
        if (fresh == scratchNames.length) {
          scratchNames = Arrays.copyOf(scratchNames, fresh * 2);
        }
        scratchNames[fresh++] = schema.name(i);
      }
    }
    if (fresh > 0) {
      Arrays.sort(scratchNames, 0, fresh);
      for (int i = 0; i < fresh; i++) {
        register(scratchNames[i]);
        scratchNames[i] = null;
      }
      for (int i = 0; i < n; i++) {
        if (ids[i] < 0) {
          ids[i] = index.indexOf(schema.name(i));
        }
      }
    }
    double[] vector = new double[index.size()];
    Arrays.fill(vector, Double.NaN);
    for (int i = 0; i < n; i++) {
      double value = x.value(i);
      if (value == value && ids[i] >= 0) {
        vector[ids[i]] = value;
      }
    }
    return vector;
  }

  /**
   * Checks and gathers the features of one map (through {@link Map#forEach}, which feature-map
   * views implement without allocating); names not yet registered get negative ids.
   */
  private final class Gatherer implements BiConsumer<String, Double> {
    private boolean register;
    private int gathered;
    private int fresh;

    void start(boolean register) {
      this.register = register;
      this.gathered = 0;
      this.fresh = 0;
    }

    @Override
    public void accept(String name, Double boxed) {
      if (name == null) {
        throw new IllegalArgumentException("feature names must not be null");
      }
      if (boxed == null) {
        return;
      }
      double value = LearnerInputs.requireFinite(name, boxed);
      int id = index.indexOf(name);
      boolean isNominal = id >= 0 ? nominal[id] : nominalNames.contains(name);
      if (isNominal && !isNominalCode(value)) {
        throw new IllegalArgumentException(
            "nominal feature '"
                + name
                + "' takes integer codes in [0, "
                + MAX_NOMINAL_CODE
                + "], got "
                + value);
      }
      if (id < 0) {
        if (!register) {
          return;
        }
        if (fresh == scratchNames.length) {
          scratchNames = Arrays.copyOf(scratchNames, fresh * 2);
        }
        scratchNames[fresh++] = name;
        id = -fresh;
      }
      if (gathered == scratchIds.length) {
        scratchIds = Arrays.copyOf(scratchIds, gathered * 2);
        scratchValues = Arrays.copyOf(scratchValues, gathered * 2);
      }
      scratchIds[gathered] = id;
      scratchValues[gathered] = value;
      gathered++;
    }
  }

  private static boolean isNominalCode(double value) {
    return value >= 0.0 && value <= MAX_NOMINAL_CODE && value == Math.rint(value);
  }

  private void register(String name) {
    int id = index.intern(name);
    if (id >= nominal.length) {
      nominal = Arrays.copyOf(nominal, Math.max(id + 1, nominal.length * 2));
    }
    nominal[id] = nominalNames.contains(name);
  }

  /**
   * Writes the registered names in index order, as {@link FeatureIndex#writeTo(DataOutput)}: an int
   * count, then each name as modified UTF-8. The nominal names are hyper-parameters and are written
   * by the owning learner.
   */
  public void writeTo(DataOutput out) throws IOException {
    index.writeTo(out);
  }

  /** Reads a space written by {@link #writeTo(DataOutput)}. */
  public static FeatureSpace readFrom(DataInput in, Set<String> nominalNames) throws IOException {
    FeatureSpace space = new FeatureSpace(nominalNames);
    FeatureIndex names = FeatureIndex.readFrom(in);
    for (int id = 0; id < names.size(); id++) {
      space.register(names.name(id));
    }
    return space;
  }
}
