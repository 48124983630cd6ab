package io.streamlearn.features.core.reference;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.StreamSettings;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.core.spec.EntityFeature;
import io.streamlearn.features.core.spec.EventValue;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.HashedCategory;
import io.streamlearn.features.core.spec.HourOfDay;
import io.streamlearn.features.core.spec.NightFlag;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.TargetAggregate;
import io.streamlearn.features.core.spec.TimeSinceLast;
import io.streamlearn.features.core.spec.TransactionFields;
import io.streamlearn.features.core.spec.Weekend;
import io.streamlearn.features.core.spec.WindowAggregate;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline reference of the feature semantics in {@code docs/FEATURES.md}: plain loops that keep
 * every input of every entity and, for each transaction, scan them all. No buckets, no running
 * totals, no sealing or eviction: it is slow (quadratic per entity) and meant to be obviously
 * correct. It is the oracle the optimized core and both engines are checked against: counts must
 * equal it exactly, means within floating-point rounding.
 *
 * <p>It processes inputs in list order, which plays the role of arrival order: give it the inputs
 * sorted by {@link FeatureInput#CANONICAL_ORDER} to get what the engines compute. Rejections and
 * vectors are emitted in the same order as the {@code LocalFeaturePipeline}'s; rejection messages
 * may be worded differently.
 */
public final class ReferenceFeatures {

  private final FeatureSpec spec;
  private final long resolution;
  private final long lateness;
  private final long ttl;
  private final long labelHorizon;
  private final boolean hasTargets;

  private final Map<String, Map<String, History>> histories = new HashMap<>();
  private final Map<String, TransactionEvent> joinedTransactions = new HashMap<>();
  private final Map<String, LabelEvent> waitingLabels = new HashMap<>();
  private final Set<String> labelled = new HashSet<>();

  private final List<TransactionFeatures> vectors = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();

  /**
   * Everything an entity has accepted: its transactions since it last (re)started, and every label
   * outcome. (The optimized core forgets old outcomes on a restart too; none of them can fall in a
   * window of a later transaction, so keeping them here changes nothing.)
   */
  private static final class History {
    /** True once a transaction was accepted since the last restart. */
    boolean seen;

    /** The frontier: the newest transaction time since the last restart. */
    long newest;

    final List<TransactionEvent> transactions = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();

    void restart() {
      seen = false;
      transactions.clear();
    }
  }

  private record Outcome(long transactionTime, long labelTime, boolean fraud) {}

  private ReferenceFeatures(FeatureSpec spec, StreamSettings settings) {
    this.spec = spec;
    this.resolution = spec.resolution().toMillis();
    this.lateness = settings.allowedLateness().toMillis();
    this.ttl = settings.stateTtl().toMillis();
    this.labelHorizon = spec.targetHorizon().toMillis();
    this.hasTargets = !spec.targetEntityKeys().isEmpty();
    for (String key : spec.entityKeys()) {
      histories.put(key, new HashMap<>());
    }
  }

  /** Computes the features of every transaction of {@code inputs}, taken in list order. */
  public static FeatureRun run(
      FeatureSpec spec, StreamSettings settings, List<FeatureInput> inputs) {
    ReferenceFeatures reference = new ReferenceFeatures(spec, settings);
    for (FeatureInput input : inputs) {
      if (input instanceof FeatureInput.Transaction transaction) {
        reference.transaction(transaction.event());
      } else {
        reference.label(((FeatureInput.Label) input).event());
      }
    }
    return new FeatureRun(reference.vectors, reference.rejections);
  }

  // ---- transactions ----

  private void transaction(TransactionEvent transaction) {
    String id = transaction.transactionId();
    long time = transaction.eventTimeMillis();
    Map<String, Map<String, Double>> entityValues = new HashMap<>();
    Map<String, String> entityIds = new HashMap<>();
    List<Rejection> rejected = new ArrayList<>();
    for (String key : spec.entityKeys()) {
      String entityId = TransactionFields.textReader(key).read(transaction);
      if (entityId == null) {
        rejected.add(rejection(Rejection.Reason.MISSING_ENTITY_KEY, id, key));
        continue;
      }
      entityIds.put(key, entityId);
      History history = histories.get(key).computeIfAbsent(entityId, ignored -> new History());
      if (history.seen && time < history.newest - lateness) {
        rejected.add(rejection(Rejection.Reason.LATE_TRANSACTION, id, key));
        continue;
      }
      if (history.seen && time - history.newest > ttl) {
        history.restart();
      }
      Long previous = null;
      for (TransactionEvent earlier : history.transactions) {
        if (earlier.eventTimeMillis() <= time
            && (previous == null || earlier.eventTimeMillis() > previous)) {
          previous = earlier.eventTimeMillis();
        }
      }
      history.transactions.add(transaction);
      history.newest = history.seen ? Math.max(history.newest, time) : time;
      history.seen = true;
      Map<String, Double> values = new HashMap<>();
      for (EntityFeature feature : spec.entityFeatures(key)) {
        values.put(feature.name(), entityFeature(feature, transaction, history, previous));
      }
      entityValues.put(key, values);
    }
    if (rejected.isEmpty()) {
      vectors.add(
          new TransactionFeatures(
              id, time, entityIds, spec.specVersion(), vector(transaction, entityValues)));
    } else {
      rejections.addAll(rejected);
    }
    if (!hasTargets) {
      return;
    }
    if (joinedTransactions.containsKey(id)) {
      rejections.add(rejection(Rejection.Reason.DUPLICATE_TRANSACTION, id, Rejection.LABEL_JOIN));
      return;
    }
    joinedTransactions.put(id, transaction);
    LabelEvent waiting = waitingLabels.remove(id);
    if (waiting != null) {
      join(transaction, waiting);
    }
  }

  private FeatureValues vector(
      TransactionEvent transaction, Map<String, Map<String, Double>> entityValues) {
    List<Double> values = new ArrayList<>();
    ZonedDateTime local =
        Instant.ofEpochMilli(transaction.eventTimeMillis()).atZone(spec.timeZone());
    int hour = local.getHour();
    for (FeatureDefinition feature : spec.features()) {
      if (feature instanceof EventValue value) {
        double read = TransactionFields.numberReader(value.field()).read(transaction);
        values.add(Double.isNaN(read) ? value.missing() : read);
      } else if (feature instanceof HourOfDay) {
        values.add((double) hour);
      } else if (feature instanceof Weekend) {
        DayOfWeek day = local.getDayOfWeek();
        values.add(day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? 1.0 : 0.0);
      } else if (feature instanceof NightFlag night) {
        boolean isNight =
            night.fromHour() <= night.toHour()
                ? hour >= night.fromHour() && hour <= night.toHour()
                : hour >= night.fromHour() || hour <= night.toHour();
        values.add(isNight ? 1.0 : 0.0);
      } else if (feature instanceof HashedCategory hashed) {
        String category = TransactionFields.textReader(hashed.field()).read(transaction);
        for (int bucket = 0; bucket < hashed.buckets(); bucket++) {
          values.add(category != null && hashed.bucketOf(category) == bucket ? 1.0 : 0.0);
        }
      } else {
        EntityFeature entityFeature = (EntityFeature) feature;
        values.add(entityValues.get(entityFeature.entity()).get(feature.name()));
      }
    }
    double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
    return FeatureValues.of(spec.featureNames(), array);
  }

  private double entityFeature(
      EntityFeature feature, TransactionEvent transaction, History history, Long previous) {
    long time = transaction.eventTimeMillis();
    if (feature instanceof TimeSinceLast since) {
      return previous == null ? since.missing() : (time - previous) / 1000.0;
    }
    if (feature instanceof WindowAggregate aggregate) {
      List<TransactionEvent> inWindow =
          transactionsInWindow(
              history, time, aggregate.window().toMillis(), aggregate.delay().toMillis());
      return aggregate(aggregate, inWindow);
    }
    if (feature instanceof TargetAggregate target) {
      long first = firstBucket(time, target.window().toMillis(), target.delay().toMillis());
      long last = lastBucket(time, target.delay().toMillis());
      long count = 0;
      long frauds = 0;
      for (Outcome outcome : history.outcomes) {
        long bucket = Math.floorDiv(outcome.transactionTime(), resolution);
        if (outcome.labelTime() <= time && bucket >= first && bucket <= last) {
          count++;
          frauds += outcome.fraud() ? 1 : 0;
        }
      }
      switch (target.function()) {
        case COUNT:
          return count;
        case SUM:
          return frauds;
        default:
          return count == 0 ? target.missing() : (double) frauds / count;
      }
    }
    RelativeToMean relative = (RelativeToMean) feature;
    TransactionFields.NumberReader reader = TransactionFields.numberReader(relative.field());
    double value = reader.read(transaction);
    List<Double> values =
        numbers(transactionsInWindow(history, time, relative.window().toMillis(), 0), reader);
    if (Double.isNaN(value) || values.isEmpty()) {
      return relative.missing();
    }
    double mean = sum(values) / values.size();
    return mean == 0.0 ? relative.missing() : value / mean;
  }

  private long firstBucket(long time, long window, long delay) {
    return Math.floorDiv(time, resolution) - delay / resolution - window / resolution + 1;
  }

  private long lastBucket(long time, long delay) {
    return Math.floorDiv(time, resolution) - delay / resolution;
  }

  /** The entity's transactions at or before {@code time} whose bucket lies in the window. */
  private List<TransactionEvent> transactionsInWindow(
      History history, long time, long window, long delay) {
    long first = firstBucket(time, window, delay);
    long last = lastBucket(time, delay);
    List<TransactionEvent> selected = new ArrayList<>();
    for (TransactionEvent candidate : history.transactions) {
      long bucket = Math.floorDiv(candidate.eventTimeMillis(), resolution);
      if (candidate.eventTimeMillis() <= time && bucket >= first && bucket <= last) {
        selected.add(candidate);
      }
    }
    return selected;
  }

  private static double aggregate(WindowAggregate aggregate, List<TransactionEvent> inWindow) {
    switch (aggregate.function()) {
      case COUNT:
        return inWindow.size();
      case DISTINCT_COUNT:
        {
          Set<String> distinct = new HashSet<>();
          TransactionFields.TextReader reader = TransactionFields.textReader(aggregate.field());
          for (TransactionEvent event : inWindow) {
            String value = reader.read(event);
            if (value != null) {
              distinct.add(value);
            }
          }
          return distinct.size();
        }
      default:
        break;
    }
    List<Double> values = numbers(inWindow, TransactionFields.numberReader(aggregate.field()));
    switch (aggregate.function()) {
      case SUM:
        return sum(values);
      case MEAN:
        return values.isEmpty() ? aggregate.missing() : sum(values) / values.size();
      case MIN:
        return values.isEmpty()
            ? aggregate.missing()
            : values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
      case MAX:
        return values.isEmpty()
            ? aggregate.missing()
            : values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
      case STDDEV:
        {
          if (values.isEmpty()) {
            return aggregate.missing();
          }
          double mean = sum(values) / values.size();
          double squares = 0;
          for (double value : values) {
            squares += (value - mean) * (value - mean);
          }
          return Math.sqrt(squares / values.size());
        }
      default:
        throw new IllegalStateException("unhandled function " + aggregate.function());
    }
  }

  private static List<Double> numbers(
      List<TransactionEvent> events, TransactionFields.NumberReader reader) {
    List<Double> values = new ArrayList<>();
    for (TransactionEvent event : events) {
      double value = reader.read(event);
      if (!Double.isNaN(value)) {
        values.add(value);
      }
    }
    return values;
  }

  private static double sum(List<Double> values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }

  // ---- labels ----

  private void label(LabelEvent label) {
    if (!hasTargets) {
      return;
    }
    String id = label.transactionId();
    if (labelled.contains(id) || waitingLabels.containsKey(id)) {
      rejections.add(rejection(Rejection.Reason.DUPLICATE_LABEL, id, Rejection.LABEL_JOIN));
      return;
    }
    TransactionEvent transaction = joinedTransactions.get(id);
    if (transaction == null) {
      waitingLabels.put(id, label);
      return;
    }
    join(transaction, label);
  }

  private void join(TransactionEvent transaction, LabelEvent label) {
    String id = transaction.transactionId();
    long delay = label.labelTimeMillis() - transaction.eventTimeMillis();
    if (delay < 0) {
      rejections.add(
          rejection(Rejection.Reason.LABEL_BEFORE_TRANSACTION, id, Rejection.LABEL_JOIN));
      return;
    }
    if (delay >= labelHorizon) {
      rejections.add(rejection(Rejection.Reason.LABEL_BEYOND_HORIZON, id, Rejection.LABEL_JOIN));
      return;
    }
    labelled.add(id);
    Outcome outcome =
        new Outcome(transaction.eventTimeMillis(), label.labelTimeMillis(), label.fraud());
    for (String key : spec.targetEntityKeys()) {
      String entityId = TransactionFields.textReader(key).read(transaction);
      if (entityId == null) {
        continue;
      }
      History history = histories.get(key).computeIfAbsent(entityId, ignored -> new History());
      if (history.seen && outcome.labelTime() < history.newest - lateness) {
        rejections.add(rejection(Rejection.Reason.LATE_LABEL, id, key));
        continue;
      }
      history.outcomes.add(outcome);
    }
  }

  private static Rejection rejection(Rejection.Reason reason, String transactionId, String stage) {
    return new Rejection(reason, transactionId, stage, reason + " (reference)");
  }
}
