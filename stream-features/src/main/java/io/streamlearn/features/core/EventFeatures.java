package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.EventFeature;
import io.streamlearn.features.core.spec.EventValue;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.HashedCategory;
import io.streamlearn.features.core.spec.HourOfDay;
import io.streamlearn.features.core.spec.NightFlag;
import io.streamlearn.features.core.spec.TransactionFields;
import io.streamlearn.features.core.spec.TransactionFields.NumberReader;
import io.streamlearn.features.core.spec.TransactionFields.TextReader;
import io.streamlearn.features.core.spec.Weekend;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The event part of a spec: features of the transaction alone (its amount, calendar flags, hashed
 * categories), computed without state. Immutable and thread-safe.
 */
public final class EventFeatures {

  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  private final List<EventFeature> features;
  private final NumberReader[] numberReaders;
  private final TextReader[] textReaders;
  private final List<String> featureNames;
  private final int[] ownPositions;
  private final ZoneId zone;

  /** The zone's fixed offset in milliseconds, or null when it has rules (daylight saving). */
  private final Long fixedOffsetMillis;

  EventFeatures(FeatureSpec spec) {
    this.features = spec.eventFeatures();
    this.numberReaders = new NumberReader[features.size()];
    this.textReaders = new TextReader[features.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      EventFeature feature = features.get(i);
      if (feature instanceof EventValue value) {
        numberReaders[i] = TransactionFields.numberReader(value.field());
      } else if (feature instanceof HashedCategory hashed) {
        textReaders[i] = TransactionFields.textReader(hashed.field());
      }
      names.addAll(feature.outputNames());
    }
    this.featureNames = List.copyOf(names);
    this.ownPositions = new int[featureNames.size()];
    for (int i = 0; i < ownPositions.length; i++) {
      ownPositions[i] = i;
    }
    this.zone = spec.timeZone();
    ZoneId normalized = zone.normalized();
    this.fixedOffsetMillis =
        normalized instanceof ZoneOffset offset ? offset.getTotalSeconds() * 1000L : null;
  }

  /** Names of the values of the event part, in output order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The event part of {@code transaction}. */
  public PartialVector compute(TransactionEvent transaction) {
    double[] values = new double[featureNames.size()];
    computeInto(transaction, values, ownPositions);
    return PartialVector.owning(
        transaction.transactionId(), transaction.eventTimeMillis(), FeaturePlan.EVENT_PART, values);
  }

  /**
   * Writes value {@code i} of the event part of {@code transaction} to {@code
   * vector[positions[i]]}; the positions of a hashed category's buckets must hold zeros.
   */
  void computeInto(TransactionEvent transaction, double[] vector, int[] positions) {
    long time = transaction.eventTimeMillis();
    int hour;
    int dayOfWeek; // 0 = Monday .. 6 = Sunday
    if (fixedOffsetMillis != null) {
      long local = time + fixedOffsetMillis;
      hour = (int) (Math.floorMod(local, DAY) / HOUR);
      dayOfWeek = (int) Math.floorMod(Math.floorDiv(local, DAY) + 3, 7L); // 1970-01-01: Thursday
    } else {
      ZonedDateTime zoned = Instant.ofEpochMilli(time).atZone(zone);
      hour = zoned.getHour();
      dayOfWeek = zoned.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
    }
    int out = 0;
    for (int i = 0; i < features.size(); i++) {
      EventFeature feature = features.get(i);
      if (feature instanceof EventValue value) {
        double read = numberReaders[i].read(transaction);
        vector[positions[out++]] = Double.isNaN(read) ? value.missing() : read;
      } else if (feature instanceof HourOfDay) {
        vector[positions[out++]] = hour;
      } else if (feature instanceof Weekend) {
        vector[positions[out++]] = dayOfWeek >= 5 ? 1.0 : 0.0;
      } else if (feature instanceof NightFlag night) {
        vector[positions[out++]] = night.isNight(hour) ? 1.0 : 0.0;
      } else {
        HashedCategory hashed = (HashedCategory) feature;
        String category = textReaders[i].read(transaction);
        if (category != null) {
          vector[positions[out + hashed.bucketOf(category)]] = 1.0;
        }
        out += hashed.buckets();
      }
    }
  }
}
