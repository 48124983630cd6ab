package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.features.core.LabelJoinState;
import java.util.function.Function;

/**
 * What the label join keeps per transaction id: the core's {@link LabelJoinState}, and the original
 * record of a label waiting for its transaction (so that it reaches {@code labels.dlq} untouched if
 * the join later rejects it or it expires). Mutable, single-threaded, like the core state.
 */
public final class JoinEntry {

  private static final int FORMAT_VERSION = 1;

  final LabelJoinState state;
  OriginalRecord waitingLabel;

  JoinEntry(LabelJoinState state, OriginalRecord waitingLabel) {
    this.state = state;
    this.waitingLabel = waitingLabel;
  }

  /** The core state. */
  public LabelJoinState state() {
    return state;
  }

  /** The event time after which the entry can be deleted ({@link LabelJoinState#expiresAt()}). */
  public long expiresAt() {
    return state.expiresAt();
  }

  /** Makes this the entry of {@code transactionId} not seen yet (a table's reused entry). */
  void clear(String transactionId) {
    state.setFlat(transactionId, 0, 0L, null);
    waitingLabel = null;
  }

  /** Layout: version byte, the core state's bytes, the waiting label's record or nothing. */
  public byte[] toBytes() {
    ByteWriter out = new ByteWriter(96);
    out.writeByte(FORMAT_VERSION);
    out.writeBytes(state.toBytes());
    out.writeBoolean(waitingLabel != null);
    if (waitingLabel != null) {
      waitingLabel.write(out);
    }
    return out.toByteArray();
  }

  static JoinEntry fromBytes(byte[] bytes, Function<byte[], LabelJoinState> decode) {
    ByteReader in = new ByteReader(bytes, "label join entry");
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "label join entry has format version "
              + version
              + "; this build reads "
              + FORMAT_VERSION);
    }
    LabelJoinState state = decode.apply(in.readBytes());
    OriginalRecord waiting = in.readBoolean() ? OriginalRecord.read(in) : null;
    in.expectEnd();
    return new JoinEntry(state, waiting);
  }
}
