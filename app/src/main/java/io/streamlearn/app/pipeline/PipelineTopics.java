package io.streamlearn.app.pipeline;

import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code topics:} section of a pipeline file: the name of every topic the stages read and
 * write, distinct and valid Kafka topic names. Each stage's own view ({@link #featureTopics()},
 * {@link #modelTopics()}, {@link #monitoringTopics()}) is built from it.
 *
 * @param transactions card payments, keyed by transaction id (features reads)
 * @param labels ground truth, keyed by transaction id (features, model and monitoring read)
 * @param features feature vectors (features writes; model and monitoring read)
 * @param predictions scores (model writes, monitoring reads)
 * @param modelSnapshots the latest model per name, compacted (model writes and reads)
 * @param modelEvents warnings and drift responses (model writes)
 * @param alerts drift alerts (model and monitoring write)
 * @param lateEvents inputs later than the allowed lateness (features writes)
 */
public record PipelineTopics(
    String transactions,
    String labels,
    String features,
    String predictions,
    String modelSnapshots,
    String modelEvents,
    String alerts,
    String lateEvents) {

  /** The keys of the section, in the order of the documentation. */
  public static final List<String> KEYS =
      List.of(
          "transactions",
          "labels",
          "features",
          "predictions",
          "modelSnapshots",
          "modelEvents",
          "alerts",
          "lateEvents");

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /** The names of docs/ARCHITECTURE.md. */
  public static final PipelineTopics DEFAULTS =
      new PipelineTopics(
          "transactions",
          "labels",
          "features",
          "predictions",
          "model-snapshots",
          "model-events",
          "alerts",
          "late-events");

  public PipelineTopics {
    Map<String, String> byKey =
        byKey(
            transactions,
            labels,
            features,
            predictions,
            modelSnapshots,
            modelEvents,
            alerts,
            lateEvents);
    List<String> problems = new ArrayList<>();
    byKey.forEach(
        (key, topic) -> {
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
        });
    if (problems.isEmpty()) {
      Set<String> seen = new HashSet<>();
      for (String topic : byKey.values()) {
        if (!seen.add(topic)) {
          problems.add("topics: '" + topic + "' is named for two purposes");
        }
      }
      for (String topic :
          deadLettered(transactions, labels, features, predictions, modelSnapshots)) {
        if (byKey.containsValue(DeadLetterHeaders.topicFor(topic))) {
          problems.add(
              "topics: '"
                  + DeadLetterHeaders.topicFor(topic)
                  + "' is the dead-letter topic of "
                  + topic
                  + " and cannot be used for another purpose");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static Map<String, String> byKey(String... topics) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (int i = 0; i < topics.length; i++) {
      byKey.put(KEYS.get(i), topics[i]);
    }
    return byKey;
  }

  private static List<String> deadLettered(String... topics) {
    return List.of(topics);
  }

  /** The section as the pipeline file writes it. */
  public Map<String, String> toMap() {
    return byKey(
        transactions,
        labels,
        features,
        predictions,
        modelSnapshots,
        modelEvents,
        alerts,
        lateEvents);
  }

  /** The topics whose records a stage decodes; each has a dead-letter topic {@code <topic>.dlq}. */
  public List<String> deadLettered() {
    return deadLettered(transactions, labels, features, predictions, modelSnapshots);
  }

  /** Every topic of the pipeline: the section's topics, then the dead-letter topics. */
  public List<String> all() {
    List<String> all = new ArrayList<>(toMap().values());
    deadLettered().forEach(topic -> all.add(DeadLetterHeaders.topicFor(topic)));
    return List.copyOf(all);
  }

  /** The topics that keep only the latest record per key: the model snapshots. */
  public List<String> compacted() {
    return List.of(modelSnapshots);
  }

  /** The feature stage's topics. */
  public FeatureTopics featureTopics() {
    return new FeatureTopics(transactions, labels, features, lateEvents);
  }

  /** The model stage's topics. */
  public ModelTopics modelTopics() {
    return new ModelTopics(features, labels, predictions, modelSnapshots, modelEvents, alerts);
  }

  /** The monitoring stage's topics. */
  public MonitoringTopics monitoringTopics() {
    return new MonitoringTopics(features, predictions, labels, alerts);
  }
}
