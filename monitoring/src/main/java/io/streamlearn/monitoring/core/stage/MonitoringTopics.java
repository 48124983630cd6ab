package io.streamlearn.monitoring.core.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics of the monitoring stage, from the pipeline file's top-level {@code topics:} section
 * (which every stage reads; keys of other stages are ignored here).
 *
 * @param features feature vectors read
 * @param predictions predictions read
 * @param labels labels read
 * @param alerts where alerts go
 */
public record MonitoringTopics(String features, String predictions, String labels, String alerts) {

  public MonitoringTopics {
    List<String> problems = new ArrayList<>();
    check(problems, "features", features);
    check(problems, "predictions", predictions);
    check(problems, "labels", labels);
    check(problems, "alerts", alerts);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid topics: " + String.join("; ", problems));
    }
  }

  /** {@code features}, {@code predictions}, {@code labels}, {@code alerts}. */
  public static MonitoringTopics defaults() {
    return new MonitoringTopics("features", "predictions", "labels", "alerts");
  }

  /** Reads the {@code topics:} section; absent keys keep their default names. */
  public static MonitoringTopics fromMap(Map<String, ?> topics) {
    Map<String, ?> section = topics == null ? Map.of() : topics;
    List<String> problems = new ArrayList<>();
    SectionReader reader = new SectionReader("topics", section, problems);
    MonitoringTopics d = defaults();
    MonitoringTopics parsed =
        new MonitoringTopics(
            reader.text("features", d.features()),
            reader.text("predictions", d.predictions()),
            reader.text("labels", d.labels()),
            reader.text("alerts", d.alerts()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid topics: " + String.join("; ", problems));
    }
    return parsed;
  }

  /** The topic of an input. */
  public String of(StageInput input) {
    return switch (input) {
      case FEATURES -> features;
      case PREDICTIONS -> predictions;
      case LABELS -> labels;
    };
  }

  private static void check(List<String> problems, String name, String topic) {
    if (topic == null || topic.isBlank() || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
      problems.add(name + ": '" + topic + "' is not a valid topic name");
    }
  }
}
