package io.streamlearn.ingest.core.simulator;

import java.util.Objects;

/**
 * One change of the simulated world, taking effect at 00:00 (UTC) of simulated day {@code day} (day
 * 0 is the start date).
 *
 * @param day the first simulated day with the new value, at least 1
 * @param kind what changes
 * @param value the new value of the kind's parameter, relative to the baseline
 */
public record DriftChange(int day, DriftKind kind, double value) {

  public DriftChange {
    Objects.requireNonNull(kind, "kind");
    if (day < 1) {
      throw new IllegalArgumentException(
          "a drift change needs a day of at least 1 (day 0 is the baseline) but had " + day);
    }
    kind.checkValue(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * Parses {@code day:kind:value}, e.g. {@code 120:amount-shift:1.5}.
   *
   * @throws IllegalArgumentException with a one-sentence reason when the text is not a change
   */
  public static DriftChange parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "drift change '"
              + text
              + "' must have the form day:kind:value, e.g. 120:amount-shift:1.5");
    }
    int day;
    double value;
    try {
      day = Integer.parseInt(parts[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "drift change '" + text + "' has day '" + parts[0] + "', which is not a whole number");
    }
    try {
      value = Double.parseDouble(parts[2].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "drift change '" + text + "' has value '" + parts[2] + "', which is not a number");
    }
    return new DriftChange(day, DriftKind.fromCliName(parts[1].trim()), value);
  }

  /** The {@code day:kind:value} form that {@link #parse(String)} reads. */
  @Override
  public String toString() {
    String number =
        value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return day + ":" + kind.cliName() + ":" + number;
  }
}
