package io.streamlearn.model.metrics;

/**
 * The names of the model stage's metrics ({@code docs/PIPELINE.md}, "Metrics"), as Micrometer
 * names; Prometheus sees dots as underscores and counters with {@code _total} (e.g. {@code
 * streamlearn.model.roc.auc} is {@code streamlearn_model_roc_auc}). Flink operators register the
 * same names in their metric groups, tags as key/value groups.
 */
public final class ModelMetricNames {

  /** Counter, tags {@code stage}, {@code outcome}: records read. */
  public static final String RECORDS = "streamlearn.records";

  /** Counter, tags {@code model}, {@code outcome} (a label-join outcome, e.g. {@code joined}). */
  public static final String LABEL_JOIN = "streamlearn.model.label.join";

  /** Counter, tag {@code model}: feature values imputed by the bad-input policy. */
  public static final String IMPUTED_FEATURES = "streamlearn.model.imputed.features";

  /** Gauge, tags {@code model}, {@code window} ({@code rolling}, {@code cumulative}). */
  public static final String ROC_AUC = "streamlearn.model.roc.auc";

  /** Gauge, tags {@code model}, {@code window}. */
  public static final String AVERAGE_PRECISION = "streamlearn.model.average.precision";

  /** Gauge, tags {@code model}, {@code window}. */
  public static final String LOG_LOSS = "streamlearn.model.log.loss";

  /** Gauge, tag {@code model}: precision at the threshold over the rolling window. */
  public static final String PRECISION = "streamlearn.model.precision";

  /** Gauge, tag {@code model}: recall at the threshold over the rolling window. */
  public static final String RECALL = "streamlearn.model.recall";

  /** Gauge, tag {@code model}: F1 at the threshold over the rolling window. */
  public static final String F1 = "streamlearn.model.f1";

  /** Gauge, tags {@code model}, {@code k}: card precision@k, mean over the retained days. */
  public static final String CARD_PRECISION_AT_K = "streamlearn.model.card.precision.at.k";

  /** Gauge, tag {@code model}: the latest snapshot version published. */
  public static final String VERSION = "streamlearn.model.version";

  /** Counter, tags {@code model}, {@code response} ({@code none}, {@code reset}, ...). */
  public static final String DRIFT_RESPONSES = "streamlearn.drift.responses";

  /** Counter, tags {@code monitor}, {@code kind}: alerts raised. */
  public static final String ALERTS = "streamlearn.alerts";

  /** Gauge, tag {@code stage}: bytes of the trainer's latest checkpoint. */
  public static final String STATE_BYTES = "streamlearn.state.bytes";

  /** The model stage's value of the {@code stage} tag. */
  public static final String STAGE = "model";

  private ModelMetricNames() {}
}
