package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Card precision top-k, the daily metric of fraud investigators who can check {@code k} cards a day
 * (Y.-A. Le Borgne, W. Siblini, B. Lebichot and G. Bontempi, "Reproducible Machine Learning for
 * Credit Card Fraud Detection – Practical Handbook", Université Libre de Bruxelles, 2022, section
 * 4.2.3; after A. Dal Pozzolo et al., "Credit Card Fraud Detection: A Realistic Modeling and a
 * Novel Learning Strategy", IEEE TNNLS 29(8), 2018).
 *
 * <p>For each day, every entity (card) gets the highest score of its events that day and is
 * positive if any of its events that day is; the day's precision is the number of positives among
 * the {@code k} entities with the highest scores, divided by {@code k} (also when fewer than {@code
 * k} entities were seen, as in the handbook: the investigators' capacity is the denominator). Ties
 * in score are broken by entity id, in ascending order, so the result is deterministic. The metric
 * is the mean of the daily precisions over the last {@code retainedDays} days seen (older days are
 * dropped, bounding memory to the entities of those days).
 *
 * <p>Days are whatever the caller's calendar says (e.g. epoch days in the business's time zone);
 * events may arrive in any order within the retained days. An event for a day older than every
 * retained day cannot change the metric; it is counted in {@link #tooLateEvents()}. A day's
 * precision is computed when read and cached until that day changes.
 */
public final class CardPrecisionAtK implements Stateful {

  private static final String KIND = "card-precision-at-k";
  private static final int VERSION = 1;

  private final int k;
  private final int retainedDays;
  private final TreeMap<Long, Day> days = new TreeMap<>();
  private long tooLate;

  private static final class Day {
    final Map<String, double[]> entities = new HashMap<>(); // {max score, positive 0/1}
    double precision = Double.NaN;
    boolean dirty = true;
  }

  /**
   * @param k the number of entities investigated per day (&ge; 1)
   * @param retainedDays the number of most recent days averaged (&ge; 1)
   */
  public CardPrecisionAtK(int k, int retainedDays) {
    if (k < 1 || retainedDays < 1) {
      throw new IllegalArgumentException(
          "k and retainedDays must be >= 1, got " + k + " and " + retainedDays);
    }
    this.k = k;
    this.retainedDays = retainedDays;
  }

  /**
   * Adds one scored and labelled event.
   *
   * @param entityId the entity investigated, e.g. the card
   * @param day the day of the event
   * @param score the predicted fraud score
   * @param positive whether the event is fraudulent
   */
  public void update(String entityId, long day, double score, boolean positive) {
    Objects.requireNonNull(entityId, "entityId");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("card precision@k needs a score, got NaN");
    }
    Day d = days.get(day);
    if (d == null) {
      if (days.size() == retainedDays && day < days.firstKey()) {
        tooLate++; // older than every retained day: it cannot change the metric any more
        return;
      }
      d = new Day();
      days.put(day, d);
      while (days.size() > retainedDays) {
        days.pollFirstEntry();
      }
    }
    double[] entity = d.entities.get(entityId);
    if (entity == null) {
      d.entities.put(entityId, new double[] {score, positive ? 1 : 0});
    } else {
      entity[0] = Math.max(entity[0], score);
      entity[1] = positive ? 1 : entity[1];
    }
    d.dirty = true;
  }

  /** The mean of the daily precisions over the retained days; NaN before any event. */
  public double get() {
    if (days.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (Map.Entry<Long, Day> e : days.entrySet()) {
      sum += precision(e.getValue());
    }
    return sum / days.size();
  }

  /** The precision of one retained day; NaN if the day is not retained. */
  public double dailyPrecision(long day) {
    Day d = days.get(day);
    return d == null ? Double.NaN : precision(d);
  }

  /** The retained days, in ascending order. */
  public List<Long> days() {
    return new ArrayList<>(days.keySet());
  }

  /** Events ignored because their day was older than every retained day. */
  public long tooLateEvents() {
    return tooLate;
  }

  public int k() {
    return k;
  }

  public int retainedDays() {
    return retainedDays;
  }

  public void reset() {
    days.clear();
    tooLate = 0;
  }

  private double precision(Day d) {
    if (d.dirty) {
      List<Map.Entry<String, double[]>> ranked = new ArrayList<>(d.entities.entrySet());
      ranked.sort(
          (a, b) -> {
            int byScore = Double.compare(b.getValue()[0], a.getValue()[0]);
            return byScore != 0 ? byScore : a.getKey().compareTo(b.getKey());
          });
      int positives = 0;
      for (int i = 0; i < Math.min(k, ranked.size()); i++) {
        positives += ranked.get(i).getValue()[1] == 1 ? 1 : 0;
      }
      d.precision = (double) positives / k;
      d.dirty = false;
    }
    return d.precision;
  }

  /**
   * Layout, version 1, after the header {@code ("card-precision-at-k", 1)}: {@code long} events too
   * late, {@code int} days, then per day in ascending order {@code long} day, {@code int} entities,
   * and per entity in id order {@code UTF} id, {@code double} highest score, {@code boolean}
   * positive.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeLong(tooLate);
    out.writeInt(days.size());
    for (Map.Entry<Long, Day> e : days.entrySet()) {
      out.writeLong(e.getKey());
      TreeMap<String, double[]> sorted = new TreeMap<>(e.getValue().entities);
      out.writeInt(sorted.size());
      for (Map.Entry<String, double[]> entity : sorted.entrySet()) {
        out.writeUTF(entity.getKey());
        out.writeDouble(entity.getValue()[0]);
        out.writeBoolean(entity.getValue()[1] == 1);
      }
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    long newTooLate = in.readLong();
    int n = in.readInt();
    StateFormat.check(n >= 0, KIND, "negative day count");
    TreeMap<Long, Day> restored = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      long day = in.readLong();
      int entities = in.readInt();
      StateFormat.check(entities >= 0, KIND, "negative entity count");
      Day d = new Day();
      for (int j = 0; j < entities; j++) {
        String id = in.readUTF();
        double score = in.readDouble();
        boolean positive = in.readBoolean();
        StateFormat.check(!Double.isNaN(score), KIND, "NaN score");
        d.entities.put(id, new double[] {score, positive ? 1 : 0});
      }
      restored.put(day, d);
    }
    while (restored.size() > retainedDays) {
      restored.pollFirstEntry();
    }
    days.clear();
    days.putAll(restored);
    tooLate = newTooLate;
  }
}
