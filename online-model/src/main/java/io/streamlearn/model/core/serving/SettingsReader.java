package io.streamlearn.model.core.serving;

import io.streamlearn.features.core.spec.DurationText;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values from one map of a parsed pipeline file (YAML, JSON or code), collecting every
 * problem with its path ({@code model.snapshot.everyUpdates: must be a whole number}) instead of
 * stopping at the first, and refusing keys it does not know: a typo is an error, not a default.
 */
final class SettingsReader {

  private final String path;
  private final Map<String, ?> map;
  private final List<String> problems;
  private final Set<String> read = new LinkedHashSet<>();

  SettingsReader(String path, Map<String, ?> map, List<String> problems) {
    this.path = path;
    this.map = map == null ? Map.of() : map;
    this.problems = problems;
  }

  String at(String key) {
    return path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(at(key) + ": " + message);
  }

  boolean has(String key) {
    read.add(key);
    return map.get(key) != null;
  }

  Object raw(String key) {
    read.add(key);
    return map.get(key);
  }

  String text(String key, String fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s && !s.isBlank()) {
      return s.trim();
    }
    problem(key, "must be a non-empty text, got " + describe(value));
    return fallback;
  }

  double number(String key, double fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, "must be a number, got " + describe(value));
    return fallback;
  }

  long wholeNumber(String key, long fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, "must be a whole number, got " + describe(value));
    return fallback;
  }

  int count(String key, int fallback) {
    long value = wholeNumber(key, fallback);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      problem(key, "is too large: " + value);
      return fallback;
    }
    return (int) value;
  }

  /** A duration: {@code 30s}, {@code 15m}, {@code 12h}, {@code 30d}, ISO-8601, or 0. */
  Duration duration(String key, Duration fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Duration d) {
      return d;
    }
    if (value instanceof Number n && n.doubleValue() == 0) {
      return Duration.ZERO;
    }
    if (value instanceof String s) {
      try {
        return "0".equals(s.trim()) ? Duration.ZERO : DurationText.parse(s);
      } catch (IllegalArgumentException e) {
        problem(key, e.getMessage());
        return fallback;
      }
    }
    problem(key, "must be a duration such as 30s, 15m, 1h or 30d, got " + describe(value));
    return fallback;
  }

  /** One of {@code choices} (case-insensitive, '-' and '_' alike), as written in the choices. */
  String choice(String key, String fallback, List<String> choices) {
    String value = text(key, fallback);
    String normal = value.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    for (String c : choices) {
      if (c.equals(normal)) {
        return c;
      }
    }
    problem(key, "must be one of " + String.join(", ", choices) + ", got '" + value + "'");
    return fallback;
  }

  /** A nested map, or null (with a problem) when the value is something else. */
  @SuppressWarnings("unchecked")
  Map<String, Object> section(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          problem(key, "keys must be texts, got " + describe(k));
          return null;
        }
      }
      return (Map<String, Object>) m;
    }
    problem(key, "must be a map, got " + describe(value));
    return null;
  }

  /** Reports every key of the map that no read asked for. */
  void refuseUnknownKeys() {
    Set<String> unknown = new TreeSet<>(map.keySet());
    unknown.removeAll(read);
    for (String key : unknown) {
      problems.add(
          at(key) + ": unknown key (known: " + String.join(", ", new TreeSet<>(read)) + ")");
    }
  }

  static String describe(Object value) {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    return value + " (" + value.getClass().getSimpleName() + ")";
  }
}
