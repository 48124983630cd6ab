package io.streamlearn.monitoring.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Something whose learned state the engines checkpoint: metrics, monitors and the alert policy. The
 * state is written in an explicit, versioned byte layout that starts with a {@link StateFormat}
 * header and is documented on the implementing class; hyper-parameters and settings are not part of
 * it (they come from configuration), except where the layout depends on them, in which case they
 * are written and checked on reading.
 */
public interface Stateful {

  /** Writes the learned state. */
  void writeState(DataOutput out) throws IOException;

  /**
   * Replaces the learned state with one written by {@link #writeState} of an object of the same
   * kind and compatible settings; on an {@link IOException} the current state is left unchanged.
   */
  void readState(DataInput in) throws IOException;
}
