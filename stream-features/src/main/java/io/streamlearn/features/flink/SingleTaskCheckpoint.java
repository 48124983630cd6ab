package io.streamlearn.features.flink;

import io.streamlearn.features.stage.SingleTaskStage;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the single-task operator keeps in its operator state: at a checkpoint, a {@link
 * SingleTaskStage.Capture} of its stage, encoded only when Flink writes the checkpoint (on its
 * asynchronous thread, by {@link SingleTaskStateSerializer}); after a restore, the chunks read
 * back.
 */
final class SingleTaskCheckpoint {

  private final SingleTaskStage.Capture capture;
  private final List<byte[]> chunks;

  private SingleTaskCheckpoint(SingleTaskStage.Capture capture, List<byte[]> chunks) {
    this.capture = capture;
    this.chunks = chunks;
  }

  /** A capture, to be encoded when the checkpoint is written. */
  static SingleTaskCheckpoint of(SingleTaskStage.Capture capture) {
    return new SingleTaskCheckpoint(Objects.requireNonNull(capture, "capture"), null);
  }

  /** Chunks read from a checkpoint. */
  static SingleTaskCheckpoint restored(List<byte[]> chunks) {
    return new SingleTaskCheckpoint(null, List.copyOf(chunks));
  }

  /** The stage's snapshot chunks ({@link SingleTaskStage#snapshot}'s format), in order. */
  void writeTo(Consumer<byte[]> out) {
    if (capture != null) {
      capture.writeTo(out);
    } else {
      chunks.forEach(out);
    }
  }
}
