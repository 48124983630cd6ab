package io.streamlearn.model.core;

import java.util.List;
import java.util.Objects;

/**
 * One hyper-parameter of a learner kind, declared once with its type, default and doc string (in
 * the spirit of Kafka's {@code ConfigDef}). A pipeline file gives parameters as strings; {@link
 * ParameterValues} parses and checks them against these declarations.
 *
 * @param name the key, in snake_case (e.g. {@code learning_rate})
 * @param type how the value is written
 * @param defaultValue the value used when the key is absent, written as in a pipeline file; empty
 *     for {@link Type#NESTED}
 * @param choices the allowed values of a {@link Type#CHOICE}, empty otherwise
 * @param doc what the parameter does, for documentation and error messages
 */
public record Parameter(
    String name, Type type, String defaultValue, List<String> choices, String doc) {

  /** How a parameter value is written. */
  public enum Type {
    /** A finite decimal number, e.g. {@code 0.01} or {@code 1e-4}. */
    DOUBLE,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer, e.g. a seed. */
    LONG,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Free text, e.g. the kind of a wrapped learner. */
    STRING,
    /** One of {@link Parameter#choices()}. */
    CHOICE,
    /** Every key {@code name.*} is passed on, without its prefix, to a nested learner. */
    NESTED
  }

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    choices = List.copyOf(choices);
    Objects.requireNonNull(doc, "doc");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("parameter name must be snake_case: '" + name + "'");
    }
    if ((type == Type.CHOICE) != !choices.isEmpty()) {
      throw new IllegalArgumentException("choices are given for, and only for, a CHOICE: " + name);
    }
    if (type == Type.CHOICE && !choices.contains(defaultValue)) {
      throw new IllegalArgumentException(
          "default '" + defaultValue + "' of " + name + " is not one of " + choices);
    }
  }

  /** A decimal parameter. */
  public static Parameter decimal(String name, double defaultValue, String doc) {
    return new Parameter(name, Type.DOUBLE, format(defaultValue), List.of(), doc);
  }

  /**
   * A decimal parameter whose default depends on other parameters (the doc says how); read with
   * {@link ParameterValues#getDouble(String, double)}.
   */
  public static Parameter decimal(String name, String doc) {
    return new Parameter(name, Type.DOUBLE, "", List.of(), doc);
  }

  /** A 32-bit integer parameter. */
  public static Parameter integer(String name, int defaultValue, String doc) {
    return new Parameter(name, Type.INT, Integer.toString(defaultValue), List.of(), doc);
  }

  /** A 64-bit integer parameter. */
  public static Parameter longInteger(String name, long defaultValue, String doc) {
    return new Parameter(name, Type.LONG, Long.toString(defaultValue), List.of(), doc);
  }

  /** A boolean parameter. */
  public static Parameter flag(String name, boolean defaultValue, String doc) {
    return new Parameter(name, Type.BOOLEAN, Boolean.toString(defaultValue), List.of(), doc);
  }

  /** A free-text parameter. */
  public static Parameter text(String name, String defaultValue, String doc) {
    return new Parameter(name, Type.STRING, defaultValue, List.of(), doc);
  }

  /** A parameter that takes one of {@code choices}. */
  public static Parameter choice(
      String name, String defaultValue, List<String> choices, String doc) {
    return new Parameter(name, Type.CHOICE, defaultValue, choices, doc);
  }

  /** The parameters {@code name.*} of a nested learner. */
  public static Parameter nested(String name, String doc) {
    return new Parameter(name, Type.NESTED, "", List.of(), doc);
  }

  /** Writes a double as a pipeline file would: {@code 0.01}, {@code 1000.0}, {@code 1.0E-9}. */
  public static String format(double value) {
    return Double.toString(value);
  }
}
