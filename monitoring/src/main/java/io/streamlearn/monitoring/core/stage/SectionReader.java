package io.streamlearn.monitoring.core.stage;

import io.streamlearn.features.core.spec.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values from one map of a parsed pipeline file (YAML, JSON or code), collecting every
 * problem with its path ({@code monitoring.monitors[2].alpha: must be in (0, 1)}) instead of
 * stopping at the first, and refusing keys it does not know (a typo is an error, not a default).
 * The stages' settings ({@code monitoring:}, {@code model:}) all read their sections with it.
 */
public final class SectionReader {

  private final String path;
  private final Map<String, ?> map;
  private final List<String> problems;
  private final Set<String> read = new LinkedHashSet<>();

  public SectionReader(String path, Map<String, ?> map, List<String> problems) {
    this.path = path;
    this.map = map == null ? Map.of() : map;
    this.problems = problems;
  }

  public String path() {
    return path;
  }

  public String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public void problem(String key, String message) {
    problems.add(at(key) + ": " + message);
  }

  public void problemHere(String message) {
    problems.add(path + ": " + message);
  }

  public boolean has(String key) {
    read.add(key);
    return map.containsKey(key) && map.get(key) != null;
  }

  public Object raw(String key) {
    read.add(key);
    return map.get(key);
  }

  public String text(String key, String fallback) {
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

  public double number(String key, double fallback) {
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

  public long wholeNumber(String key, long fallback) {
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

  public int count(String key, int fallback) {
    long value = wholeNumber(key, fallback);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      problem(key, "is too large: " + value);
      return fallback;
    }
    return (int) value;
  }

  /**
   * A duration: {@code 30s}, {@code 15m}, {@code 12h}, {@code 30d}, ISO-8601, or 0 (a {@link
   * Duration} as is, from code); negative ones too, for the caller to judge.
   */
  public Duration duration(String key, Duration fallback) {
    return duration(key, fallback, true);
  }

  /** A duration in milliseconds, as {@link #duration} reads it; not negative. */
  public long durationMillis(String key, long fallbackMillis) {
    Duration duration = duration(key, Duration.ofMillis(fallbackMillis), false);
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      problem(key, "is too long: " + duration);
      return fallbackMillis;
    }
  }

  private Duration duration(String key, Duration fallback, boolean negativeAllowed) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Duration d && (negativeAllowed || !d.isNegative())) {
      return d;
    }
    if (value instanceof Number n && n.doubleValue() == 0) {
      return Duration.ZERO;
    }
    if (value instanceof String s) {
      try {
        Duration duration = "0".equals(s.trim()) ? Duration.ZERO : DurationText.parse(s);
        if (duration.isNegative() && !negativeAllowed) {
          problem(key, "must not be negative, got '" + s + "'");
          return fallback;
        }
        return duration;
      } catch (IllegalArgumentException e) {
        problem(key, e.getMessage());
        return fallback;
      }
    }
    problem(key, "must be a duration such as 30s, 15m, 12h, 1d or PT1H, got " + describe(value));
    return fallback;
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    String text = String.valueOf(value).trim();
    String constant = text.toUpperCase(Locale.ROOT).replace('-', '_');
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(constant)) {
        return e;
      }
      allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    problem(key, "must be one of " + String.join(", ", allowed) + ", got '" + text + "'");
    return fallback;
  }

  /** One of {@code choices} (case-insensitive, '-' and '_' alike), as written in the choices. */
  public String choice(String key, String fallback, List<String> choices) {
    String value = text(key, fallback);
    String normal = value.toLowerCase(Locale.ROOT).replace('_', '-');
    for (String c : choices) {
      if (c.equals(normal)) {
        return c;
      }
    }
    problem(key, "must be one of " + String.join(", ", choices) + ", got '" + value + "'");
    return fallback;
  }

  public List<String> names(String key, List<String> fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "must be a list of names, got " + describe(value));
      return fallback;
    }
    List<String> names = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof String s && !s.isBlank()) {
        names.add(s.trim());
      } else {
        problem(key, "must hold non-empty names, got " + describe(item));
      }
    }
    return names;
  }

  /** A nested map, or null when absent. */
  public SectionReader section(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> nested) {
      return new SectionReader(at(key), castKeys(nested, at(key)), problems);
    }
    problem(key, "must be a map, got " + describe(value));
    return null;
  }

  /** A list of maps, or null when absent. */
  public List<SectionReader> sections(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "must be a list, got " + describe(value));
      return null;
    }
    List<SectionReader> sections = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = at(key) + "[" + i + "]";
      if (list.get(i) instanceof Map<?, ?> item) {
        sections.add(new SectionReader(itemPath, castKeys(item, itemPath), problems));
      } else {
        problems.add(itemPath + ": must be a map, got " + describe(list.get(i)));
      }
    }
    return sections;
  }

  /** The map itself, for a section whose keys are free (parameters): no key counts as read. */
  public Map<String, ?> entries() {
    return map;
  }

  /** Reports the keys present that nothing read: call after reading everything. */
  public void rejectUnknownKeys() {
    for (Object key : map.keySet()) {
      if (!read.contains(key)) {
        problems.add(
            at(String.valueOf(key))
                + ": unknown key (known: "
                + String.join(", ", new TreeSet<>(read))
                + ")");
      }
    }
  }

  private Map<String, ?> castKeys(Map<?, ?> nested, String where) {
    java.util.LinkedHashMap<String, Object> copy = new java.util.LinkedHashMap<>();
    nested.forEach(
        (k, v) -> {
          if (k instanceof String s) {
            copy.put(s, v);
          } else {
            problems.add(where + ": key " + describe(k) + " is not text");
          }
        });
    return copy;
  }

  public static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof Map<?, ?>) {
      return "a map";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }
}
