package io.streamlearn.model.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hyper-parameters of one learner as given in a pipeline file (strings), checked against the
 * kind's {@link Parameter} declarations: every key is known, every value parses to its type. All
 * problems are reported at once, in one {@link IllegalArgumentException}. Range checks (e.g. a
 * positive learning rate) belong to the kind's settings record.
 *
 * <p>A key {@code name.rest} belongs to the {@link Parameter.Type#NESTED} parameter {@code name}
 * (e.g. {@code learner.optimizer} of a wrapper), which may share its name with a plain parameter
 * ({@code learner: logistic-regression}).
 */
public final class ParameterValues {

  private final String kind;
  private final Map<String, Parameter> plain;
  private final Set<String> nestedNames;
  private final Map<String, String> values;
  private final Map<String, Map<String, String>> nested;
  private final Set<String> given;
  private final LearnerCatalog catalog;

  private ParameterValues(
      String kind,
      Map<String, Parameter> plain,
      Set<String> nestedNames,
      Map<String, String> values,
      Map<String, Map<String, String>> nested,
      Set<String> given,
      LearnerCatalog catalog) {
    this.kind = kind;
    this.plain = plain;
    this.nestedNames = nestedNames;
    this.values = values;
    this.nested = nested;
    this.given = given;
    this.catalog = catalog;
  }

  /**
   * Checks {@code given} against {@code parameters} and fills in defaults.
   *
   * @throws IllegalArgumentException listing every unknown key and every value that does not parse
   */
  public static ParameterValues parse(
      String kind, List<Parameter> parameters, Map<String, String> given, LearnerCatalog catalog) {
    Objects.requireNonNull(given, "parameters");
    Map<String, Parameter> plain = new LinkedHashMap<>();
    Map<String, String> values = new HashMap<>();
    Map<String, Map<String, String>> nested = new LinkedHashMap<>();
    List<String> known = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p.type() == Parameter.Type.NESTED) {
        nested.put(p.name(), new TreeMap<>());
        known.add(p.name() + ".*");
      } else {
        plain.put(p.name(), p);
        values.put(p.name(), p.defaultValue());
        known.add(p.name());
      }
    }
    List<String> problems = new ArrayList<>();
    Set<String> explicit = new HashSet<>();
    for (Map.Entry<String, String> e : new TreeMap<>(given).entrySet()) {
      String key = e.getKey();
      int dot = key.indexOf('.');
      boolean isNested =
          dot > 0 && dot < key.length() - 1 && nested.containsKey(key.substring(0, dot));
      Parameter p = plain.get(key);
      if (!isNested && p == null) {
        problems.add("unknown parameter '" + key + "'");
        continue;
      }
      if (e.getValue() == null) {
        problems.add("parameter '" + key + "' has no value");
        continue;
      }
      String v = e.getValue().trim();
      if (isNested) {
        nested.get(key.substring(0, dot)).put(key.substring(dot + 1), v);
        continue;
      }
      String problem = check(p, v);
      if (problem != null) {
        problems.add(problem);
      } else {
        values.put(key, v);
        explicit.add(key);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          kind
              + ": "
              + String.join("; ", problems)
              + " (parameters: "
              + String.join(", ", known)
              + ")");
    }
    return new ParameterValues(
        kind, plain, nested.keySet(), values, nested, Set.copyOf(explicit), catalog);
  }

  /** The learner kind these values configure. */
  public String kind() {
    return kind;
  }

  /** The catalog that resolves nested learners. */
  public LearnerCatalog catalog() {
    return catalog;
  }

  /** Whether the plain parameter {@code name} was given explicitly rather than defaulted. */
  public boolean isSet(String name) {
    return given.contains(name);
  }

  /**
   * A decimal parameter; for one declared without a default ({@link Parameter#decimal(String,
   * String)}), {@code fallback} when it was not given.
   */
  public double getDouble(String name, double fallback) {
    String v = raw(name, Parameter.Type.DOUBLE);
    return v.isEmpty() ? fallback : Double.parseDouble(v);
  }

  public double getDouble(String name) {
    String v = raw(name, Parameter.Type.DOUBLE);
    if (v.isEmpty()) {
      throw new IllegalArgumentException(kind + ": parameter '" + name + "' has no default");
    }
    return Double.parseDouble(v);
  }

  public int getInt(String name) {
    return Integer.parseInt(raw(name, Parameter.Type.INT));
  }

  public long getLong(String name) {
    return Long.parseLong(raw(name, Parameter.Type.LONG));
  }

  public boolean getBoolean(String name) {
    return Boolean.parseBoolean(raw(name, Parameter.Type.BOOLEAN));
  }

  public String getString(String name) {
    return raw(name, Parameter.Type.STRING);
  }

  public String getChoice(String name) {
    return raw(name, Parameter.Type.CHOICE);
  }

  /** The keys given under {@code name.}, without the prefix. */
  public Map<String, String> getNested(String name) {
    if (!nestedNames.contains(name)) {
      throw new IllegalArgumentException(kind + " declares no nested parameter '" + name + "'");
    }
    return Collections.unmodifiableMap(nested.get(name));
  }

  /**
   * Fails with a clear message when {@code name} was given although it does not apply, e.g. a
   * learning rate given to an optimizer that has none.
   */
  public void requireUnset(String name, String because) {
    if (isSet(name)) {
      throw new IllegalArgumentException(
          kind + ": parameter '" + name + "' does not apply " + because);
    }
  }

  private String raw(String name, Parameter.Type type) {
    Parameter p = plain.get(name);
    if (p == null || p.type() != type) {
      throw new IllegalArgumentException(
          kind + " declares no " + type + " parameter '" + name + "'");
    }
    return values.get(name);
  }

  private static String check(Parameter p, String v) {
    String expected =
        switch (p.type()) {
          case DOUBLE -> parsesAsFiniteDouble(v) ? null : "a finite number";
          case INT -> parsesAsInt(v) ? null : "an integer";
          case LONG -> parsesAsLong(v) ? null : "an integer";
          case BOOLEAN -> v.equals("true") || v.equals("false") ? null : "true or false";
          case STRING -> v.isEmpty() ? "a non-empty text" : null;
          case CHOICE -> p.choices().contains(v) ? null : "one of " + p.choices();
          case NESTED -> null;
        };
    return expected == null
        ? null
        : "parameter '" + p.name() + "' must be " + expected + ", got '" + v + "'";
  }

  private static boolean parsesAsFiniteDouble(String v) {
    try {
      return Double.isFinite(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean parsesAsInt(String v) {
    try {
      Integer.parseInt(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean parsesAsLong(String v) {
    try {
      Long.parseLong(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
