package io.streamlearn.monitoring.metrics;

import java.util.List;

/**
 * The names of streamlearn's metrics, declared once ({@code docs/PIPELINE.md}, "Metrics"). Each is
 * the Micrometer name; the Prometheus name exported at {@code /metrics} follows Micrometer's
 * convention (dots become underscores, counters get {@code _total}) and is given by {@link
 * #prometheusName}. Flink operators register their metrics under the same names, and {@code
 * MicrometerBridgeReporter} exports them the same way.
 */
public final class MetricNames {

  /** Counter, tags {@code stage}, {@code outcome}: records read by a stage. */
  public static final String RECORDS = "streamlearn.records";

  /**
   * Counter, tag {@code input} ({@code features}, {@code predictions}, {@code labels}): events the
   * monitoring stage observed per input topic; its rate is the pipeline's throughput.
   */
  public static final String MONITORED_EVENTS = "streamlearn.monitored.events";

  /**
   * Gauges, tag {@code quantile} ({@code 0.5}, {@code 0.99}, {@code 0.999}): percentiles of the
   * event-to-prediction latency in seconds ({@code predictedAt - ingestTime}) over the recent
   * window, from an HdrHistogram; with the tag {@code quantile="max"}, the largest.
   */
  public static final String EVENT_TO_PREDICTION_LATENCY =
      "streamlearn.event.to.prediction.latency.seconds";

  /** Gauge, tags {@code monitor}, {@code subject}: the last statistic of a monitored subject. */
  public static final String DRIFT_STATISTIC = "streamlearn.drift.statistic";

  /** Counter, tags {@code monitor}, {@code kind}: alerts raised. */
  public static final String ALERTS = "streamlearn.alerts";

  /** Gauge, tag {@code stage}: bytes of the stage's state (monitoring: the last snapshots). */
  public static final String STATE_BYTES = "streamlearn.state.bytes";

  /** Gauge, tag {@code stage}: records of the stage's input not yet read. */
  public static final String CONSUMER_LAG = "streamlearn.consumer.lag";

  /** Gauge, tags {@code model}, {@code window} ({@code rolling}, {@code cumulative}). */
  public static final String MODEL_ROC_AUC = "streamlearn.model.roc.auc";

  /** Gauge, tags {@code model}, {@code window}. */
  public static final String MODEL_AVERAGE_PRECISION = "streamlearn.model.average.precision";

  /** Gauge, tags {@code model}, {@code window}. */
  public static final String MODEL_LOG_LOSS = "streamlearn.model.log.loss";

  /** Gauge, tag {@code model}. */
  public static final String MODEL_PRECISION = "streamlearn.model.precision";

  /** Gauge, tag {@code model}. */
  public static final String MODEL_RECALL = "streamlearn.model.recall";

  /** Gauge, tag {@code model}. */
  public static final String MODEL_F1 = "streamlearn.model.f1";

  /** Gauge, tags {@code model}, {@code k}. */
  public static final String MODEL_CARD_PRECISION_AT_K = "streamlearn.model.card.precision.at.k";

  /** Gauge, tag {@code model}. */
  public static final String MODEL_VERSION = "streamlearn.model.version";

  /** Counter, tags {@code model}, {@code response}. */
  public static final String DRIFT_RESPONSES = "streamlearn.drift.responses";

  /** The tag of the stage: {@code features}, {@code model}, {@code monitoring}. */
  public static final String TAG_STAGE = "stage";

  /** The tag of a record's outcome. */
  public static final String TAG_OUTCOME = "outcome";

  /** Outcome of a record processed. */
  public static final String OUTCOME_OK = "ok";

  /** Outcome of a record sent to its dead-letter topic. */
  public static final String OUTCOME_DLQ = "dlq";

  /** Outcome of a record too late for its window. */
  public static final String OUTCOME_LATE = "late";

  /** The monitoring stage's value of {@link #TAG_STAGE}. */
  public static final String STAGE_MONITORING = "monitoring";

  /** Every tag key above: what Flink's key/value metric groups of ours may be named. */
  public static final List<String> TAG_KEYS =
      List.of(
          TAG_STAGE,
          TAG_OUTCOME,
          "input",
          "quantile",
          "monitor",
          "subject",
          "kind",
          "model",
          "window",
          "k",
          "response");

  /** The latency percentiles exported, as {@code quantile} tag values. */
  public static final List<Double> LATENCY_QUANTILES = List.of(0.5, 0.99, 0.999);

  /** The counters, whose Prometheus names end in {@code _total}. */
  private static final List<String> COUNTERS =
      List.of(RECORDS, MONITORED_EVENTS, ALERTS, DRIFT_RESPONSES);

  /** Every name above. */
  public static final List<String> ALL =
      List.of(
          RECORDS,
          MONITORED_EVENTS,
          EVENT_TO_PREDICTION_LATENCY,
          DRIFT_STATISTIC,
          ALERTS,
          STATE_BYTES,
          CONSUMER_LAG,
          MODEL_ROC_AUC,
          MODEL_AVERAGE_PRECISION,
          MODEL_LOG_LOSS,
          MODEL_PRECISION,
          MODEL_RECALL,
          MODEL_F1,
          MODEL_CARD_PRECISION_AT_K,
          MODEL_VERSION,
          DRIFT_RESPONSES);

  private MetricNames() {}

  /** The name Prometheus sees, e.g. {@code streamlearn_records_total}. */
  public static String prometheusName(String micrometerName) {
    String base = micrometerName.replace('.', '_');
    return COUNTERS.contains(micrometerName) ? base + "_total" : base;
  }
}
