package io.streamlearn.features.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A label joined to its transaction: what an entity with target aggregates needs to count it.
 * Produced by the {@link LabelJoin}; the engines route one copy to each entity of {@link
 * FeaturePlan#targetEntityKeys()}, keyed by {@link #entityIds()}.
 *
 * @param transactionId the labelled transaction
 * @param transactionTimeMillis its event time: the bucket the label counts in
 * @param labelTimeMillis when the label became known: it counts for transactions at or after this
 * @param fraud the label
 * @param entityIds entity key field to id, for the target entity keys
 */
public record LabelOutcome(
    String transactionId,
    long transactionTimeMillis,
    long labelTimeMillis,
    boolean fraud,
    Map<String, String> entityIds) {

  private static final byte FORMAT_VERSION = 1;

  public LabelOutcome {
    Objects.requireNonNull(transactionId, "transactionId");
    entityIds = Map.copyOf(entityIds);
    if (labelTimeMillis < transactionTimeMillis) {
      throw new IllegalArgumentException(
          "label time of " + transactionId + " precedes its transaction time");
    }
  }

  /** Layout: version byte, id, transaction time, label time minus it, fraud, entity ids. */
  public byte[] toBytes() {
    ByteWriter out = new ByteWriter(48 + transactionId.length());
    out.writeByte(FORMAT_VERSION);
    out.writeString(transactionId);
    out.writeSignedVarLong(transactionTimeMillis);
    out.writeVarLong(labelTimeMillis - transactionTimeMillis);
    out.writeBoolean(fraud);
    out.writeVarLong(entityIds.size());
    entityIds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              out.writeString(entry.getKey());
              out.writeString(entry.getValue());
            });
    return out.toByteArray();
  }

  /** Reads {@link #toBytes()}. */
  public static LabelOutcome fromBytes(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "label outcome");
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("label outcome has unknown format version " + version);
    }
    String transactionId = in.readString();
    long transactionTime = in.readSignedVarLong();
    long labelTime = transactionTime + in.readVarLong();
    boolean fraud = in.readBoolean();
    int count = in.readCount();
    HashMap<String, String> ids = new HashMap<>();
    for (int i = 0; i < count; i++) {
      ids.put(in.readString(), in.readString());
    }
    in.expectEnd();
    return new LabelOutcome(transactionId, transactionTime, labelTime, fraud, ids);
  }
}
