package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record read from {@code transactions} or {@code labels}, decoded and checked: a valid
 * transaction or label in its core form, or the reason it cannot be used, always with the {@link
 * OriginalRecord}. The engines' sources produce these ({@code SourceEventDecoder}); the stage
 * admits the valid ones and dead-letters the others. Immutable.
 */
public final class SourceEvent {

  /** The input a record comes from. */
  public enum Kind {
    TRANSACTION,
    LABEL
  }

  /**
   * Why a record cannot be used.
   *
   * @param reason the stable code for {@code dlq.reason}, e.g. {@code UNKNOWN_MAGIC_BYTE} or {@code
   *     NEGATIVE_AMOUNT}
   * @param errorClass the exception behind it, or null for a rule violation
   * @param message one sentence
   * @param stage where it failed, e.g. {@code features.validate}
   */
  public record Failure(String reason, String errorClass, String message, String stage) {
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(stage, "stage");
    }
  }

  private final Kind kind;
  private final OriginalRecord original;
  private final TransactionEvent transaction;
  private final LabelEvent label;
  private final Failure failure;

  private SourceEvent(
      Kind kind,
      OriginalRecord original,
      TransactionEvent transaction,
      LabelEvent label,
      Failure failure) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.original = Objects.requireNonNull(original, "original");
    this.transaction = transaction;
    this.label = label;
    this.failure = failure;
  }

  /** A valid transaction. */
  public static SourceEvent of(OriginalRecord original, TransactionEvent transaction) {
    return new SourceEvent(
        Kind.TRANSACTION, original, Objects.requireNonNull(transaction, "transaction"), null, null);
  }

  /** A valid label. */
  public static SourceEvent of(OriginalRecord original, LabelEvent label) {
    return new SourceEvent(
        Kind.LABEL, original, null, Objects.requireNonNull(label, "label"), null);
  }

  /** A record of {@code kind} that cannot be used. */
  public static SourceEvent failed(OriginalRecord original, Kind kind, Failure failure) {
    return new SourceEvent(kind, original, null, null, Objects.requireNonNull(failure, "failure"));
  }

  public Kind kind() {
    return kind;
  }

  public OriginalRecord original() {
    return original;
  }

  public boolean isValid() {
    return failure == null;
  }

  /** The transaction; null unless a valid {@link Kind#TRANSACTION}. */
  public TransactionEvent transaction() {
    return transaction;
  }

  /** The label; null unless a valid {@link Kind#LABEL}. */
  public LabelEvent label() {
    return label;
  }

  /** Why the record cannot be used; null when valid. */
  public Failure failure() {
    return failure;
  }

  /**
   * The event time of a valid event (a transaction's event time, a label's label time), or {@link
   * Long#MIN_VALUE} for a record that failed: invalid records never move event time forward.
   */
  public long eventTimeOrMin() {
    if (transaction != null) {
      return transaction.eventTimeMillis();
    }
    if (label != null) {
      return label.labelTimeMillis();
    }
    return Long.MIN_VALUE;
  }

  void write(ByteWriter out) {
    out.writeByte(kind.ordinal());
    original.write(out);
    if (failure != null) {
      out.writeByte(0);
      out.writeString(failure.reason());
      out.writeNullableBytes(
          failure.errorClass() == null
              ? null
              : failure.errorClass().getBytes(StandardCharsets.UTF_8));
      out.writeString(failure.message());
      out.writeString(failure.stage());
    } else if (transaction != null) {
      out.writeByte(1);
      StageCodec.writeTransaction(out, transaction);
    } else {
      out.writeByte(2);
      StageCodec.writeLabel(out, label);
    }
  }

  static SourceEvent read(ByteReader in) {
    int kindIndex = in.readByte();
    if (kindIndex >= Kind.values().length) {
      throw new IllegalArgumentException("source event bytes hold an unknown kind " + kindIndex);
    }
    Kind kind = Kind.values()[kindIndex];
    OriginalRecord original = OriginalRecord.read(in);
    int body = in.readByte();
    switch (body) {
      case 0:
        {
          String reason = in.readString();
          byte[] errorClass = in.readNullableBytes();
          return failed(
              original,
              kind,
              new Failure(
                  reason,
                  errorClass == null ? null : new String(errorClass, StandardCharsets.UTF_8),
                  in.readString(),
                  in.readString()));
        }
      case 1:
        return of(original, StageCodec.readTransaction(in));
      case 2:
        return of(original, StageCodec.readLabel(in));
      default:
        throw new IllegalArgumentException("source event bytes hold an unknown body " + body);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourceEvent that
        && kind == that.kind
        && original.equals(that.original)
        && Objects.equals(transaction, that.transaction)
        && Objects.equals(label, that.label)
        && Objects.equals(failure, that.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, original, transaction, label, failure);
  }

  @Override
  public String toString() {
    return "SourceEvent["
        + kind
        + ", "
        + original
        + ", "
        + (failure != null ? failure : transaction != null ? transaction : label)
        + "]";
  }
}
