package io.streamlearn.features.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values one part of the plan computes for one transaction: the event part (features of the
 * transaction alone) or one entity's part (e.g. the customer's). The {@link FeatureVectorAssembler}
 * merges the parts of a transaction into its feature vector. Immutable; travels between engine
 * stages as {@link #toBytes()}.
 */
public final class PartialVector {

  private static final byte FORMAT_VERSION = 1;

  private final String transactionId;
  private final long eventTimeMillis;
  private final String part;
  private final double[] values;

  /**
   * @param part {@link FeaturePlan#EVENT_PART} or an entity key field
   * @param values in the part's output order; copied
   */
  public PartialVector(String transactionId, long eventTimeMillis, String part, double[] values) {
    this(transactionId, eventTimeMillis, part, values.clone(), Ownership.TAKEN);
  }

  /** Distinguishes the constructor that takes its array as is. */
  private enum Ownership {
    TAKEN
  }

  /** Takes ownership of {@code values}: for the core's own freshly computed arrays. */
  static PartialVector owning(
      String transactionId, long eventTimeMillis, String part, double[] values) {
    return new PartialVector(transactionId, eventTimeMillis, part, values, Ownership.TAKEN);
  }

  private PartialVector(
      String transactionId,
      long eventTimeMillis,
      String part,
      double[] values,
      Ownership ownership) {
    this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    this.eventTimeMillis = eventTimeMillis;
    this.part = Objects.requireNonNull(part, "part");
    this.values = values;
    for (double value : this.values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "part " + part + " of " + transactionId + " has a non-finite value " + value);
      }
    }
  }

  public String transactionId() {
    return transactionId;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  public String part() {
    return part;
  }

  public int size() {
    return values.length;
  }

  public double value(int index) {
    return values[index];
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** Layout: version byte, transaction id, event time, part, value count, IEEE 754 values. */
  public byte[] toBytes() {
    ByteWriter out = new ByteWriter(32 + transactionId.length() + 8 * values.length);
    out.writeByte(FORMAT_VERSION);
    out.writeString(transactionId);
    out.writeSignedVarLong(eventTimeMillis);
    out.writeString(part);
    out.writeVarLong(values.length);
    for (double value : values) {
      out.writeDouble(value);
    }
    return out.toByteArray();
  }

  /** Reads {@link #toBytes()}. */
  public static PartialVector fromBytes(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "partial vector");
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("partial vector has unknown format version " + version);
    }
    String transactionId = in.readString();
    long time = in.readSignedVarLong();
    String part = in.readString();
    double[] values = new double[in.readCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
    in.expectEnd();
    return new PartialVector(transactionId, time, part, values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartialVector that
        && transactionId.equals(that.transactionId)
        && eventTimeMillis == that.eventTimeMillis
        && part.equals(that.part)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transactionId, eventTimeMillis, part, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "PartialVector[" + transactionId + ", " + part + ", " + Arrays.toString(values) + "]";
  }
}
