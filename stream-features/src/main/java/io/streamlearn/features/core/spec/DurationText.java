package io.streamlearn.features.core.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as feature specs write them: a whole number and a unit ({@code 500ms}, {@code 30s},
 * {@code 15m}, {@code 1h}, {@code 7d}), or ISO-8601 ({@code PT1H}, {@code P7D}).
 */
public final class DurationText {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the text when it is neither form
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = SHORT.matcher(trimmed);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      }
      if (trimmed.startsWith("P") || trimmed.startsWith("-P")) {
        return Duration.parse(trimmed);
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException tooLarge) {
      throw new IllegalArgumentException("'" + text + "' is not a valid duration", tooLarge);
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration: write e.g. 500ms, 30s, 15m, 1h, 7d or PT1H");
  }

  /** The shortest exact form: {@code 7d}, {@code 90m}, {@code 1500ms}; ISO-8601 otherwise. */
  public static String format(Duration duration) {
    if (duration.getNano() % 1_000_000 != 0 || duration.isNegative()) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0ms";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return (millis / sizes[i]) + units[i];
      }
    }
    throw new AssertionError("every whole number of milliseconds has a form");
  }
}
