package io.streamlearn.app;

import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics of the fraud workload, named once: the defaults of the commands and jobs, the topics
 * {@code docker-compose.yml} creates, and the names {@code ComposeFileTest} checks the compose file
 * against. Keys and values are described in {@code docs/ARCHITECTURE.md}.
 */
public final class Topics {

  /** Card payments, keyed by transaction id. */
  public static final String TRANSACTIONS = "transactions";

  /** Ground truth, days after the transaction, keyed by transaction id. */
  public static final String LABELS = "labels";

  /** Point-in-time correct features of each transaction. */
  public static final String FEATURES = "features";

  /** The score of each event. */
  public static final String PREDICTIONS = "predictions";

  /** The latest snapshot of each model; compacted. */
  public static final String MODEL_SNAPSHOTS = "model-snapshots";

  /** The model stage's warnings and drift responses, keyed by model name. */
  public static final String MODEL_EVENTS = "model-events";

  /** Data, prediction and concept drift alerts. */
  public static final String ALERTS = "alerts";

  /**
   * Events later than the allowed lateness of their window, bytes untouched, dead-letter headers.
   */
  public static final String LATE_EVENTS = "late-events";

  /** The topics the pipeline reads and writes, in the order data flows. */
  public static final List<String> PIPELINE =
      List.of(
          TRANSACTIONS,
          LABELS,
          FEATURES,
          PREDICTIONS,
          MODEL_SNAPSHOTS,
          MODEL_EVENTS,
          ALERTS,
          LATE_EVENTS);

  /**
   * The topics whose records the stages decode, each shadowed by a dead-letter topic: the inputs of
   * the feature stage, and the topics the model and monitoring stages read.
   */
  public static final List<String> INPUTS =
      List.of(TRANSACTIONS, LABELS, FEATURES, PREDICTIONS, MODEL_SNAPSHOTS);

  /**
   * The partitions of the topics {@code streamlearn run} and the compose stack's {@code topic-init}
   * create.
   */
  public static final int DEFAULT_PARTITIONS = 3;

  /** The topics that keep only the latest record per key. */
  public static final List<String> COMPACTED = List.of(MODEL_SNAPSHOTS);

  private Topics() {}

  /** The dead-letter topic of {@code topic}: {@code transactions.dlq}. */
  public static String deadLetter(String topic) {
    return DeadLetterHeaders.topicFor(topic);
  }

  /**
   * Every topic to create for the pipeline: {@link #PIPELINE} and the inputs' dead-letter topics.
   */
  public static List<String> all() {
    List<String> all = new ArrayList<>(PIPELINE);
    INPUTS.forEach(topic -> all.add(deadLetter(topic)));
    return List.copyOf(all);
  }

  /**
   * True for a topic whose records are raw bytes with dead-letter headers: {@code <topic>.dlq} and
   * {@link #LATE_EVENTS}.
   */
  public static boolean carriesDeadLetters(String topic) {
    return topic.endsWith(DeadLetterHeaders.TOPIC_SUFFIX) || topic.equals(LATE_EVENTS);
  }
}
