package io.streamlearn.model.core;

import java.io.DataInput;
import java.io.IOException;

/** Reads a learner back from the payload its {@link OnlineClassifier#writeTo} wrote. */
@FunctionalInterface
public interface LearnerReader {

  /**
   * Reads one learner.
   *
   * @param in the payload, positioned at its start
   * @param formatVersion the layout version the payload was written with; within the kind's
   *     supported range
   * @param catalog resolves the kinds of nested learners (e.g. the one a wrapper holds)
   * @throws LearnerFormatException when the payload is inconsistent
   */
  OnlineClassifier read(DataInput in, int formatVersion, LearnerCatalog catalog) throws IOException;
}
