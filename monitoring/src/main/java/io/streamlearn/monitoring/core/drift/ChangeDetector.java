package io.streamlearn.monitoring.core.drift;

/**
 * A change detector over a stream of real values, in the spirit of River's {@code drift} API: feed
 * each value with {@link #update(double)}, then read {@link #driftDetected()} (and, where the
 * method has one, {@link #warningDetected()}). Both flags describe the state after the latest
 * update.
 *
 * <p>Implementations keep their learned state private, are deterministic for a given input, never
 * read the clock, and save and restore their state through {@link #writeState(java.io.DataOutput)}
 * in an explicit, versioned byte layout (learners such as the Hoeffding Adaptive Tree embed
 * detectors and serialise them with their own state).
 */
public interface ChangeDetector {

  /** Feeds the next value of the monitored stream. */
  void update(double value);

  /** Whether a change was detected at the latest update. */
  boolean driftDetected();

  /** Whether the latest update is in the warning zone; false for methods without one. */
  default boolean warningDetected() {
    return false;
  }

  /** Forgets everything learned, keeping the hyper-parameters. */
  void reset();

  /** Writes the learned state (not the hyper-parameters) in the detector's versioned layout. */
  void writeState(java.io.DataOutput out) throws java.io.IOException;

  /**
   * Replaces the learned state with one written by {@link #writeState(java.io.DataOutput)} of a
   * detector of the same kind.
   */
  void readState(java.io.DataInput in) throws java.io.IOException;
}
