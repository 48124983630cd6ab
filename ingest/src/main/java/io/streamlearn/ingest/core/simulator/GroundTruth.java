package io.streamlearn.ingest.core.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The drift change points of a simulation, derived from its options, and their CSV form (the
 * ground-truth file used to score drift detectors; the format is documented in docs/INGEST.md).
 */
public final class GroundTruth {

  /** The header line of the ground-truth CSV file. */
  public static final String CSV_HEADER =
      "change_id,day,start_time,start_time_millis,full_effect_time_millis,"
          + "first_label_time_millis,kind,drift_type,parameter,before,after";

  private static final long DAY_MILLIS = 86_400_000L;

  private final List<ChangePoint> changePoints;

  private GroundTruth(List<ChangePoint> changePoints) {
    this.changePoints = List.copyOf(changePoints);
  }

  /** The change points the options configure, in time order. */
  public static GroundTruth of(SimulatorOptions options) {
    List<DriftChange> changes = new ArrayList<>(options.drift());
    changes.sort(Comparator.comparingInt(DriftChange::day).thenComparing(DriftChange::kind));
    Map<DriftKind, Double> current = new EnumMap<>(DriftKind.class);
    List<ChangePoint> points = new ArrayList<>();
    long labelDelayMillis = options.labels().delay().toMillis();
    for (DriftChange change : changes) {
      double before = current.getOrDefault(change.kind(), change.kind().baseline());
      current.put(change.kind(), change.value());
      long start = options.startEpochMillis() + change.day() * DAY_MILLIS;
      long fullEffect = start + rampDays(change.kind(), options) * DAY_MILLIS;
      points.add(
          new ChangePoint(
              points.size() + 1, change, before, start, fullEffect, start + labelDelayMillis));
    }
    return new GroundTruth(points);
  }

  /** The change points, in time order; empty when the world does not drift. */
  public List<ChangePoint> changePoints() {
    return changePoints;
  }

  /** Writes the CSV header and one line per change point. */
  public void writeCsv(Appendable out) throws IOException {
    out.append(CSV_HEADER).append('\n');
    for (ChangePoint point : changePoints) {
      DriftChange change = point.change();
      out.append(Integer.toString(point.id()))
          .append(',')
          .append(Integer.toString(change.day()))
          .append(',')
          .append(Instant.ofEpochMilli(point.startMillis()).toString())
          .append(',')
          .append(Long.toString(point.startMillis()))
          .append(',')
          .append(Long.toString(point.fullEffectMillis()))
          .append(',')
          .append(Long.toString(point.firstLabelMillis()))
          .append(',')
          .append(change.kind().cliName())
          .append(',')
          .append(change.kind().driftType())
          .append(',')
          .append(change.kind().parameter())
          .append(',')
          .append(number(point.before()))
          .append(',')
          .append(number(point.after()))
          .append('\n');
    }
  }

  /** Days until a change has fully played out: compromises started before it must expire. */
  static int rampDays(DriftKind kind, SimulatorOptions options) {
    return switch (kind) {
      case FRAUD_RATE ->
          Math.max(
              Math.max(
                  options.fraud().terminalCompromiseDays(),
                  options.fraud().customerCompromiseDays()),
              TransactionSimulator.STOLEN_CARD_DAYS);
      case NEW_FRAUD_PATTERN -> TransactionSimulator.STOLEN_CARD_DAYS;
      case AMOUNT_SHIFT, CUSTOMER_FREQUENCY -> 0;
    };
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
