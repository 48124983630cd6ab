package io.streamlearn.features.flink;

import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.StageMessage;
import org.apache.flink.util.OutputTag;

/** The side outputs of the feature job's functions. */
public final class SideOutputs {

  /** Records for {@code late-events} and the dead-letter topics, from every step. */
  public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
      new OutputTag<>("features-dead-letters", StageTypes.DEAD_LETTERS);

  /** Transactions and labels on their way to the label join. */
  public static final OutputTag<StageMessage> TO_LABEL_JOIN =
      new OutputTag<>("features-to-label-join", StageTypes.STAGE_MESSAGES);

  private SideOutputs() {}
}
