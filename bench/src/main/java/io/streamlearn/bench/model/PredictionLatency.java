package io.streamlearn.bench.model;

import io.streamlearn.model.avro.Prediction;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The latency of predictions read from the predictions topic, for the end-to-end benchmarks ({@link
 * ModelStageThroughput}, {@code PipelineThroughput}): {@code predictedAt - ingestTime} as the
 * prediction records it, and the time at which a reader saw the prediction minus {@code ingestTime}
 * (under exactly-once, a prediction is visible once its transaction commits). Only predictions
 * whose {@code ingestTime} falls in the measured window count (the warm-up before it and the tail
 * after it do not). Fed by one reader thread, read once it has stopped.
 */
public final class PredictionLatency {

  private final long fromMillis;
  private final long toMillis;
  private final Histogram processing = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
  private final Histogram visible = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);

  /** Measures the predictions of events ingested in {@code [fromMillis, toMillis)}. */
  public PredictionLatency(long fromMillis, long toMillis) {
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
  }

  /** Records {@code prediction}, seen by a reader at {@code seenMillis}, if it is in the window. */
  public void record(Prediction prediction, long seenMillis) {
    long ingest = prediction.getIngestTime().toEpochMilli();
    if (ingest >= fromMillis && ingest < toMillis) {
      processing.recordValue(
          Math.min(
              processing.getHighestTrackableValue(),
              Math.max(0, prediction.getPredictedAt().toEpochMilli() - ingest) * 1000));
      visible.recordValue(
          Math.min(visible.getHighestTrackableValue(), Math.max(0, seenMillis - ingest) * 1000));
    }
  }

  /** The predictions measured. */
  public long count() {
    return processing.getTotalCount();
  }

  /**
   * {@code predictedAt - ingestTime p50 X ms, p99 Y ms | visible to a reader p50 X ms, p99 Y ms | N
   * measured}.
   */
  public String percentiles() {
    return String.format(
        Locale.ROOT,
        "predictedAt - ingestTime p50 %.1f ms, p99 %.1f ms | visible to a reader p50 %.1f ms, p99"
            + " %.1f ms | %,d measured",
        processing.getValueAtPercentile(50) / 1000.0,
        processing.getValueAtPercentile(99) / 1000.0,
        visible.getValueAtPercentile(50) / 1000.0,
        visible.getValueAtPercentile(99) / 1000.0,
        processing.getTotalCount());
  }
}
