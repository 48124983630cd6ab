package io.streamlearn.model.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of the {@link LearnerCatalog}: a learner type's stable name, its declared
 * hyper-parameters, the factory from its typed settings, and the reader of its byte layout.
 *
 * @param <S> the typed, validated settings record of the learner
 */
public final class LearnerKind<S> {

  private final String name;
  private final String description;
  private final List<Parameter> parameters;
  private final Function<ParameterValues, S> settingsParser;
  private final Function<S, ? extends OnlineClassifier> factory;
  private final int minFormatVersion;
  private final int formatVersion;
  private final LearnerReader reader;

  private LearnerKind(Builder<S> b) {
    this.name = b.name;
    this.description = Objects.requireNonNull(b.description, "description of " + b.name);
    this.parameters = List.copyOf(b.parameters);
    this.settingsParser = Objects.requireNonNull(b.settingsParser, "settings of " + b.name);
    this.factory = Objects.requireNonNull(b.factory, "factory of " + b.name);
    this.reader = Objects.requireNonNull(b.reader, "reader of " + b.name);
    if (b.minFormatVersion < 1 || b.formatVersion < b.minFormatVersion) {
      throw new IllegalArgumentException(
          name + ": format versions must satisfy 1 <= min <= current");
    }
    this.minFormatVersion = b.minFormatVersion;
    this.formatVersion = b.formatVersion;
  }

  /** Starts the declaration of a learner kind named {@code name} (kebab-case). */
  public static <S> Builder<S> builder(String name) {
    return new Builder<>(name);
  }

  /** The stable name, e.g. {@code logistic-regression}; equals the learners' {@code kind()}. */
  public String name() {
    return name;
  }

  /** One sentence on what the learner is. */
  public String description() {
    return description;
  }

  /** The declared hyper-parameters, in documentation order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The byte layout version this build writes. */
  public int formatVersion() {
    return formatVersion;
  }

  /** The oldest byte layout version this build still reads. */
  public int minFormatVersion() {
    return minFormatVersion;
  }

  /**
   * Parses and validates parameters as a pipeline file gives them; absent keys take their defaults.
   *
   * @throws IllegalArgumentException naming every unknown key and every invalid value
   */
  public S settings(Map<String, String> given, LearnerCatalog catalog) {
    return settingsParser.apply(ParameterValues.parse(name, parameters, given, catalog));
  }

  /** Validated settings resolved against {@code catalog}, ready to create learners. */
  public LearnerSpec<S> spec(Map<String, String> given, LearnerCatalog catalog) {
    return new LearnerSpec<>(this, settings(given, catalog));
  }

  /** A fresh, untrained learner with {@code settings}. */
  public OnlineClassifier create(S settings) {
    return factory.apply(Objects.requireNonNull(settings, "settings"));
  }

  /** The reader of this kind's payloads. */
  public LearnerReader reader() {
    return reader;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Declares a learner kind; every part is required. */
  public static final class Builder<S> {
    private final String name;
    private String description;
    private List<Parameter> parameters = List.of();
    private Function<ParameterValues, S> settingsParser;
    private Function<S, ? extends OnlineClassifier> factory;
    private int minFormatVersion;
    private int formatVersion;
    private LearnerReader reader;

    private Builder(String name) {
      if (name == null || !name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
        throw new IllegalArgumentException("learner kind must be kebab-case: '" + name + "'");
      }
      this.name = name;
    }

    public Builder<S> description(String description) {
      this.description = description;
      return this;
    }

    public Builder<S> parameters(List<Parameter> parameters) {
      this.parameters = parameters;
      return this;
    }

    /** How validated parameter values become the typed settings (range checks happen there). */
    public Builder<S> settings(Function<ParameterValues, S> settingsParser) {
      this.settingsParser = settingsParser;
      return this;
    }

    public Builder<S> factory(Function<S, ? extends OnlineClassifier> factory) {
      this.factory = factory;
      return this;
    }

    /** The layout versions read ({@code min .. current}), the current one being written. */
    public Builder<S> format(int minFormatVersion, int formatVersion, LearnerReader reader) {
      this.minFormatVersion = minFormatVersion;
      this.formatVersion = formatVersion;
      this.reader = reader;
      return this;
    }

    public LearnerKind<S> build() {
      return new LearnerKind<>(this);
    }
  }
}
