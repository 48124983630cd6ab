package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.DurationText;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.TransactionFields;
import io.streamlearn.features.core.spec.TransactionFields.TextReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Joins labels to their transactions by transaction id, producing the {@link LabelOutcome}s the
 * target entities count. One {@link LabelJoinState} per transaction id; the result does not depend
 * on whether the label or the transaction arrives first.
 *
 * <p>Rules: the first accepted label of a transaction counts, later ones are {@code
 * DUPLICATE_LABEL}; a label time before the transaction time is {@code LABEL_BEFORE_TRANSACTION}; a
 * label at or beyond the target horizon after its transaction (the longest target {@code window +
 * delay}) can never be counted by any window and is {@code LABEL_BEYOND_HORIZON}.
 */
public final class LabelJoin {

  static final byte FORMAT_VERSION = 1;

  final List<String> targetKeys;
  final TextReader[] keyReaders;
  final long horizon;
  final int fingerprint;

  LabelJoin(FeatureSpec spec) {
    this.targetKeys = spec.targetEntityKeys();
    this.keyReaders = new TextReader[targetKeys.size()];
    for (int i = 0; i < keyReaders.length; i++) {
      keyReaders[i] = TransactionFields.textReader(targetKeys.get(i));
    }
    this.horizon = spec.targetHorizon().toMillis();
    CRC32 crc = new CRC32();
    crc.update(("label-join|" + targetKeys).getBytes(StandardCharsets.UTF_8));
    this.fingerprint = (int) crc.getValue();
  }

  /** False when the spec has no target features: the engines then need no label stage at all. */
  public boolean isNeeded() {
    return !targetKeys.isEmpty();
  }

  /**
   * A hash of the target entity keys: a state written for other keys is refused ({@link #decode}),
   * and so are entries an engine keeps in a form of its own.
   */
  public int fingerprint() {
    return fingerprint;
  }

  /** The entity keys outcomes are routed to. */
  public List<String> targetEntityKeys() {
    return targetKeys;
  }

  /** How long after a transaction its label can still count, in milliseconds. */
  public long horizonMillis() {
    return horizon;
  }

  /**
   * The expiry a join state has once it holds a transaction of {@code transactionTime} ({@link
   * LabelJoinState#expiresAt()}), known before the transaction comes when a label names its time.
   */
  public long expiryOfTransactionAt(long transactionTime) {
    return transactionTime + horizon;
  }

  String horizonText() {
    return DurationText.format(Duration.ofMillis(horizon));
  }

  /** The join state of a transaction id not seen yet. */
  public LabelJoinState newState() {
    return new LabelJoinState(this);
  }

  /** Restores a state from {@link LabelJoinState#toBytes()}. */
  public LabelJoinState decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "label join state");
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "label join state has format version "
              + version
              + "; this build reads "
              + FORMAT_VERSION);
    }
    if (in.readInt() != fingerprint) {
      throw new IllegalArgumentException(
          "label join state was written for other target entity keys than " + targetKeys);
    }
    LabelJoinState state = new LabelJoinState(this);
    state.readFrom(in);
    in.expectEnd();
    return state;
  }
}
