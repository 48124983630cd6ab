package io.streamlearn.model.core.serving;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The running mean of every feature over the examples a trainer learned, counting only observed
 * values (not imputed ones, not absent ones): the imputation values published with each snapshot.
 * Updated in name order, so the same examples give bit-identical means on every engine.
 */
public final class FeatureStatistics implements Stateful {

  private static final String KIND = "feature-statistics";
  private static final int VERSION = 1;

  private final TreeMap<String, double[]> stats = new TreeMap<>(); // {count, mean}

  /** Adds the observed values of one example. */
  public void update(ExampleFeatures features) {
    for (int i = 0; i < features.size(); i++) {
      double v = features.value(i);
      String name = features.name(i);
      if (Double.isNaN(v) || features.isImputed(name)) {
        continue;
      }
      double[] s = stats.computeIfAbsent(name, ignored -> new double[2]);
      s[0] += 1;
      s[1] += (v - s[1]) / s[0];
    }
  }

  /** The mean of each feature with at least one observed value, by name. */
  public SortedMap<String, Double> means() {
    TreeMap<String, Double> means = new TreeMap<>();
    stats.forEach((name, s) -> means.put(name, s[1]));
    return Collections.unmodifiableSortedMap(means);
  }

  /** How many values of {@code name} were observed. */
  public long count(String name) {
    double[] s = stats.get(name);
    return s == null ? 0 : (long) s[0];
  }

  /**
   * Layout, version 1, after the header {@code ("feature-statistics", 1)}: {@code int} features,
   * then per feature in name order {@code UTF} name, {@code double} count, {@code double} mean.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeInt(stats.size());
    for (Map.Entry<String, double[]> e : stats.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue()[0]);
      out.writeDouble(e.getValue()[1]);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    int n = in.readInt();
    StateFormat.check(n >= 0, KIND, "negative feature count");
    TreeMap<String, double[]> restored = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      double count = in.readDouble();
      double mean = in.readDouble();
      StateFormat.check(count >= 1 && Double.isFinite(mean), KIND, "bad statistics of " + name);
      restored.put(name, new double[] {count, mean});
    }
    stats.clear();
    stats.putAll(restored);
  }
}
