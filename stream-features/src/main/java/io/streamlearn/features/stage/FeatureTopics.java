package io.streamlearn.features.stage;

import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topics the feature stage reads and writes, from the {@code topics:} section of the pipeline
 * file (docs/PIPELINE.md). Dead letters go to {@code <input>.dlq}: {@link #deadLetterTopic}.
 *
 * @param transactions read: the transactions, keyed by transaction id
 * @param labels read: the labels, keyed by transaction id, partitioned like {@code transactions}
 * @param features written: one feature vector per transaction
 * @param lateEvents written: inputs later than the allowed lateness, bytes untouched
 */
public record FeatureTopics(
    String transactions, String labels, String features, String lateEvents) {

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /** The defaults of docs/ARCHITECTURE.md. */
  public static final FeatureTopics DEFAULTS =
      new FeatureTopics("transactions", "labels", "features", "late-events");

  public FeatureTopics {
    List<String> problems = new ArrayList<>();
    check(problems, "transactions", transactions);
    check(problems, "labels", labels);
    check(problems, "features", features);
    check(problems, "lateEvents", lateEvents);
    if (problems.isEmpty()) {
      Set<String> all = new HashSet<>();
      for (String topic :
          List.of(
              transactions,
              labels,
              features,
              lateEvents,
              DeadLetterHeaders.topicFor(transactions),
              DeadLetterHeaders.topicFor(labels))) {
        if (!all.add(topic)) {
          problems.add("topics: '" + topic + "' is used for two purposes");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static void check(List<String> problems, String key, String topic) {
    if (topic == null
        || !TOPIC.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")) {
      problems.add(
          "topics."
              + key
              + " must be a Kafka topic name (letters, digits, '.', '_', '-'), not '"
              + topic
              + "'");
    }
  }

  /**
   * Reads the {@code topics:} section of a pipeline file; keys of other stages are ignored, absent
   * keys take their defaults.
   */
  public static FeatureTopics fromMap(Map<String, ?> section) {
    if (section == null) {
      return DEFAULTS;
    }
    return new FeatureTopics(
        text(section, "transactions", DEFAULTS.transactions),
        text(section, "labels", DEFAULTS.labels),
        text(section, "features", DEFAULTS.features),
        text(section, "lateEvents", DEFAULTS.lateEvents));
  }

  private static String text(Map<String, ?> section, String key, String fallback) {
    Object value = section.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(
          "topics." + key + " must be a topic name, not " + value.getClass().getSimpleName());
    }
    return text;
  }

  /** The dead-letter topic of input {@code topic}. */
  public String deadLetterTopic(String topic) {
    return DeadLetterHeaders.topicFor(topic);
  }

  /** Every topic the stage writes to: features, late events and the inputs' dead-letter topics. */
  public List<String> outputs() {
    return List.of(
        features,
        lateEvents,
        DeadLetterHeaders.topicFor(transactions),
        DeadLetterHeaders.topicFor(labels));
  }
}
