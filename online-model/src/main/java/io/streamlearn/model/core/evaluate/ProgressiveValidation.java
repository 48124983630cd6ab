package io.streamlearn.model.core.evaluate;

import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.monitoring.core.metrics.BinaryMetric;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Progressive validation with delayed labels, in the spirit of River's {@code
 * evaluate.progressive_val_score}: every example is scored when it arrives, and its label is
 * revealed only at its label time, when the metrics are updated with the score given at arrival and
 * the learner learns it. Without delay this is test-then-train (prequential) evaluation. See A.
 * Blum, A. Kalai and J. Langford, Beating the Hold-Out, COLT 1999, and M. Grzenda, H. M. Gomes and
 * A. Bifet, Delayed Labelling Evaluation for Data Streams, Data Mining and Knowledge Discovery 34,
 * 2020.
 *
 * <p>Order of events: before an example arriving at time {@code t} is scored, every label with a
 * label time {@code <= t} is revealed, in label-time order (ties in arrival order). When the input
 * ends, the remaining labels are revealed in the same order. Examples must arrive in non-decreasing
 * event time.
 *
 * <p>{@link #run(Iterator)} evaluates a whole stream, as the offline benchmarks do; {@link
 * #start()} opens a push-based {@link Session}, as a streaming job feeds it. The learner and the
 * metrics are the caller's, and are updated in place.
 *
 * @param <T> the type of the examples' tags
 */
public final class ProgressiveValidation<T> {

  private final OnlineClassifier learner;
  private final List<BinaryMetric> metrics;
  private final LabelDelay delay;
  private final long step;
  private final EvaluationListener<T> listener;

  private ProgressiveValidation(Builder<T> b) {
    this.learner = b.learner;
    this.metrics = List.copyOf(b.metrics);
    this.delay = b.delay;
    this.step = b.step;
    this.listener = b.listener;
  }

  /** Starts configuring a validation; a learner is required, the rest has defaults. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /**
   * Evaluates every example of {@code examples}, then reveals the labels still pending.
   *
   * @return the final checkpoint
   */
  public Checkpoint run(Iterator<LabelledExample<T>> examples) {
    Session session = start();
    while (examples.hasNext()) {
      session.accept(examples.next());
    }
    return session.finish();
  }

  /** Opens a session to feed examples one at a time. */
  public Session start() {
    return new Session();
  }

  /** A running validation fed one example at a time. Not thread-safe. */
  public final class Session {

    private final PriorityQueue<Pending<T>> pending =
        new PriorityQueue<>(
            (a, b) ->
                a.labelTime != b.labelTime
                    ? Long.compare(a.labelTime, b.labelTime)
                    : Long.compare(a.sequence, b.sequence));
    private long predictions;
    private long answers;
    private long now = Long.MIN_VALUE;
    private boolean finished;

    private Session() {}

    /**
     * Reveals the labels due by the example's event time, then scores the example and holds it
     * until its label time.
     *
     * @return the score given to the example
     * @throws IllegalArgumentException when the example is older than the previous one, or the
     *     learner rejects it (the message says which example)
     */
    public double accept(LabelledExample<T> example) {
      requireOpen();
      long t = example.eventTime();
      if (t < now) {
        throw new IllegalArgumentException(
            "example "
                + predictions
                + " has event time "
                + t
                + ", before the previous time "
                + now
                + ": examples must arrive in event-time order");
      }
      long labelTime = delay.labelTime(example);
      if (labelTime < t) {
        throw new IllegalArgumentException(
            "example "
                + predictions
                + " has its label at "
                + labelTime
                + ", before its event "
                + t);
      }
      advanceTo(t);
      double score;
      try {
        score = learner.predictProbaOne(example.x());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "example " + predictions + " at " + t + ": " + e.getMessage(), e);
      }
      listener.onPrediction(example, score);
      pending.add(new Pending<>(example, score, labelTime, predictions));
      predictions++;
      return score;
    }

    /**
     * Reveals every label due by {@code time} (e.g. on a watermark, when no example arrives).
     *
     * @throws IllegalArgumentException when {@code time} goes back
     */
    public void advanceTo(long time) {
      requireOpen();
      if (time < now) {
        throw new IllegalArgumentException("time " + time + " goes back from " + now);
      }
      now = time;
      while (!pending.isEmpty() && pending.peek().labelTime <= time) {
        reveal(pending.poll());
      }
    }

    /**
     * Reveals every pending label and reports the final checkpoint (also to the listener, unless
     * the last step already did). The session cannot be fed afterwards.
     */
    public Checkpoint finish() {
      requireOpen();
      while (!pending.isEmpty()) {
        Pending<T> p = pending.poll();
        now = Math.max(now, p.labelTime);
        reveal(p);
      }
      finished = true;
      Checkpoint last = checkpoint();
      if (step == 0 || answers % step != 0 || answers == 0) {
        listener.onCheckpoint(last);
      }
      return last;
    }

    /** The current state, without waiting for a step. */
    public Checkpoint checkpoint() {
      Map<String, Double> values = new LinkedHashMap<>();
      for (BinaryMetric m : metrics) {
        values.put(m.name(), m.get());
      }
      return new Checkpoint(answers, predictions, now, values);
    }

    /** How many labels are waiting for their label time. */
    public int pendingLabels() {
      return pending.size();
    }

    private void reveal(Pending<T> p) {
      LabelledExample<T> e = p.example;
      for (BinaryMetric m : metrics) {
        m.update(e.y(), p.score);
      }
      try {
        learner.learnOne(e.x(), e.y(), e.weight());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "example " + p.sequence + " at " + e.eventTime() + ": " + ex.getMessage(), ex);
      }
      answers++;
      listener.onLabel(e, p.score, p.labelTime);
      if (step > 0 && answers % step == 0) {
        listener.onCheckpoint(checkpoint());
      }
    }

    private void requireOpen() {
      if (finished) {
        throw new IllegalStateException("the session is finished");
      }
    }
  }

  private record Pending<T>(
      LabelledExample<T> example, double score, long labelTime, long sequence) {}

  /** Configures a {@link ProgressiveValidation}; {@link #build()} checks every setting. */
  public static final class Builder<T> {
    private OnlineClassifier learner;
    private List<BinaryMetric> metrics = List.of();
    private LabelDelay delay = LabelDelay.none();
    private long step;
    private EvaluationListener<T> listener = new EvaluationListener<>() {};

    private Builder() {}

    /** The learner to evaluate (required); it keeps learning in place. */
    public Builder<T> learner(OnlineClassifier learner) {
      this.learner = learner;
      return this;
    }

    /** The metrics to report, updated in place; none by default. */
    public Builder<T> metrics(List<? extends BinaryMetric> metrics) {
      this.metrics = new ArrayList<>(metrics);
      return this;
    }

    /** When labels are revealed; {@link LabelDelay#none()} by default. */
    public Builder<T> delay(LabelDelay delay) {
      this.delay = delay;
      return this;
    }

    /** Report a checkpoint every {@code step} answers; 0 (the default) reports only the last. */
    public Builder<T> step(long step) {
      this.step = step;
      return this;
    }

    /** Receives every prediction, label and checkpoint. */
    public Builder<T> listener(EvaluationListener<T> listener) {
      this.listener = listener;
      return this;
    }

    /**
     * The validation.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public ProgressiveValidation<T> build() {
      List<String> problems = new ArrayList<>();
      if (learner == null) {
        problems.add("a learner is required");
      }
      if (metrics == null || metrics.stream().anyMatch(Objects::isNull)) {
        problems.add("metrics must be a list without nulls");
      } else if (metrics.stream().map(BinaryMetric::name).distinct().count() != metrics.size()) {
        problems.add("metric names must be distinct");
      }
      if (delay == null) {
        problems.add("a label delay is required");
      }
      if (step < 0) {
        problems.add("step must be >= 0, got " + step);
      }
      if (listener == null) {
        problems.add("the listener must not be null");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new ProgressiveValidation<>(this);
    }
  }
}
