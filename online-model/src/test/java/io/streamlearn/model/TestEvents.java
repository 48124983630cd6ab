package io.streamlearn.model;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded feature vectors and labels as the {@code features} and {@code labels} topics carry them:
 * three features, a label from a logistic concept (its sign flips at {@code switchAt}), one event a
 * minute from {@link #START}, each label {@link #LABEL_DELAY} later.
 */
public final class TestEvents {

  public static final long START = 1_522_540_800_000L; // 2018-04-01T00:00Z
  public static final long MINUTE = 60_000L;
  public static final long LABEL_DELAY = 3_600_000L;

  /** One transaction: its features and its label. */
  public record Event(FeatureVector features, Label label) {
    public String id() {
      return features.getTransactionId();
    }
  }

  private TestEvents() {}

  /** {@code n} events; the concept flips at {@code switchAt} (never if negative). */
  public static List<Event> stream(long seed, int n, int switchAt) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextDouble();
      double sign = switchAt >= 0 && i >= switchAt ? -1 : 1;
      double logit = sign * (2.5 * a - 1.5 * b) - 1;
      boolean y = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      String id = "tx-" + seed + "-" + i;
      long t = START + i * MINUTE;
      Map<String, Double> x = new HashMap<>(Map.of("a", a, "b", b, "c", c));
      events.add(
          new Event(features(id, t, "C" + random.nextInt(40), x), label(id, y, t + LABEL_DELAY)));
    }
    return events;
  }

  public static FeatureVector features(
      String id, long eventTime, String customer, Map<String, Double> x) {
    return FeatureVector.newBuilder()
        .setTransactionId(id)
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setEntityIds(new HashMap<>(Map.of("customerId", customer)))
        .setFeatures(new HashMap<>(x))
        .setSpecVersion("test:1")
        .setIngestTime(Instant.ofEpochMilli(eventTime))
        .build();
  }

  public static Label label(String id, boolean fraud, long labelTime) {
    return Label.newBuilder()
        .setTransactionId(id)
        .setIsFraud(fraud)
        .setLabelTime(Instant.ofEpochMilli(labelTime))
        .build();
  }
}
