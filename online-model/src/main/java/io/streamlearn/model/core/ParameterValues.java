package io.streamlearn.model.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The hyper-parameters of one learner as given in a pipeline file (strings), checked against the
 * kind's {@link Parameter} declarations: every key is known, every value parses to its type. All
 * problems are reported at once, in one {@link IllegalArgumentException}. Range checks (e.g. a
 * positive learning rate) belong to the kind's settings record.
 */
public final class ParameterValues {

  private final String kind;
  private final Map<String, Parameter> declared;
  private final Map<String, String> values;
  private final Map<String, Map<String, String>> nested;
  private final LearnerCatalog catalog;

  private ParameterValues(
      String kind,
      Map<String, Parameter> declared,
      Map<String, String> values,
      Map<String, Map<String, String>> nested,
      LearnerCatalog catalog) {
    this.kind = kind;
    this.declared = declared;
    this.values = values;
    this.nested = nested;
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
    Map<String, Parameter> declared = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      declared.put(p.name(), p);
    }
    Map<String, String> values = new HashMap<>();
    Map<String, Map<String, String>> nested = new HashMap<>();
    for (Parameter p : parameters) {
      if (p.type() == Parameter.Type.NESTED) {
        nested.put(p.name(), new TreeMap<>());
      } else {
        values.put(p.name(), p.defaultValue());
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(given).entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      int dot = key.indexOf('.');
      Parameter p = declared.get(dot < 0 ? key : key.substring(0, dot));
      if (p == null || (dot < 0) == (p.type() == Parameter.Type.NESTED)) {
        problems.add("unknown parameter '" + key + "'");
        continue;
      }
      if (value == null) {
        problems.add("parameter '" + key + "' has no value");
        continue;
      }
      String v = value.trim();
      if (p.type() == Parameter.Type.NESTED) {
        nested.get(p.name()).put(key.substring(dot + 1), v);
        continue;
      }
      String problem = check(p, v);
      if (problem != null) {
        problems.add(problem);
      } else {
        values.put(key, v);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          kind
              + ": "
              + String.join("; ", problems)
              + " (parameters: "
              + String.join(", ", declared.keySet())
              + ")");
    }
    return new ParameterValues(kind, declared, values, nested, catalog);
  }

  /** The learner kind these values configure. */
  public String kind() {
    return kind;
  }

  /** The catalog that resolves nested learners. */
  public LearnerCatalog catalog() {
    return catalog;
  }

  public double getDouble(String name) {
    return Double.parseDouble(raw(name, Parameter.Type.DOUBLE));
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
    Parameter p = declared.get(name);
    if (p == null || p.type() != Parameter.Type.NESTED) {
      throw new IllegalArgumentException(kind + " declares no nested parameter '" + name + "'");
    }
    return Collections.unmodifiableMap(nested.get(name));
  }

  private String raw(String name, Parameter.Type type) {
    Parameter p = declared.get(name);
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
