package io.streamlearn.features.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A multiset of text values: how often each occurs. Backs exact distinct counts. */
final class ValueCounts {

  private final HashMap<String, long[]> counts = new HashMap<>();

  /** Counts equal to these that change apart from them. */
  ValueCounts copy() {
    ValueCounts copy = new ValueCounts();
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      copy.counts.put(entry.getKey(), entry.getValue().clone());
    }
    return copy;
  }

  void add(String value, long delta) {
    long[] count = counts.get(value);
    if (count == null) {
      if (delta < 0) {
        throw new IllegalStateException("removing '" + value + "', which is not counted");
      }
      counts.put(value, new long[] {delta});
    } else {
      count[0] += delta;
      if (count[0] == 0) {
        counts.remove(value);
      } else if (count[0] < 0) {
        throw new IllegalStateException("count of '" + value + "' went negative");
      }
    }
  }

  /** Adds ({@code sign = 1}) or removes ({@code sign = -1}) every occurrence in {@code other}. */
  void addAll(ValueCounts other, int sign) {
    for (Map.Entry<String, long[]> entry : other.counts.entrySet()) {
      add(entry.getKey(), sign * entry.getValue()[0]);
    }
  }

  boolean contains(String value) {
    return counts.containsKey(value);
  }

  int distinct() {
    return counts.size();
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  void clear() {
    counts.clear();
  }

  /** The values in ascending order, so that the byte form does not depend on history. */
  List<String> sortedValues() {
    List<String> values = new ArrayList<>(counts.keySet());
    values.sort(null);
    return values;
  }

  long count(String value) {
    long[] count = counts.get(value);
    return count == null ? 0 : count[0];
  }
}
