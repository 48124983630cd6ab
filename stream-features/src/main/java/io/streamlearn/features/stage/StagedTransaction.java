package io.streamlearn.features.stage;

import io.streamlearn.features.core.Rejection;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A transaction on its way through the entity stages, collecting the values of its parts: part 0 is
 * the event part, part {@code i + 1} the part of entity stage {@code i}. A stage that rejects the
 * transaction (late for that entity, or the entity key missing) adds a {@link Rejection} instead;
 * the transaction still goes on to the later stages, whose states count it, exactly as in the
 * reference. Immutable: {@link #withPart} and {@link #withRejection} return new messages that share
 * the arrays already collected.
 */
public final class StagedTransaction implements StageMessage {

  private final TransactionEvent transaction;
  private final OriginalRecord original;
  private final double[][] parts;
  private final List<Rejection> rejections;

  /**
   * @param parts the values of each part, null where not computed yet; the arrays are taken as they
   *     are and never changed
   */
  public StagedTransaction(
      TransactionEvent transaction,
      OriginalRecord original,
      double[][] parts,
      List<Rejection> rejections) {
    this.transaction = Objects.requireNonNull(transaction, "transaction");
    this.original = Objects.requireNonNull(original, "original");
    this.parts = Objects.requireNonNull(parts, "parts");
    this.rejections = List.copyOf(rejections);
  }

  public TransactionEvent transaction() {
    return transaction;
  }

  public OriginalRecord original() {
    return original;
  }

  @Override
  public String transactionId() {
    return transaction.transactionId();
  }

  @Override
  public long time() {
    return transaction.eventTimeMillis();
  }

  /** Number of parts: the event part and one per entity stage. */
  public int partCount() {
    return parts.length;
  }

  /** The values of part {@code index}, or null when not computed; do not modify. */
  double[] part(int index) {
    return parts[index];
  }

  /** True when part {@code index} has been computed. */
  public boolean hasPart(int index) {
    return parts[index] != null;
  }

  /** A copy of the values of part {@code index}. */
  public double[] partValues(int index) {
    double[] values = parts[index];
    if (values == null) {
      throw new IllegalStateException(
          "part " + index + " of transaction " + transactionId() + " is not computed");
    }
    return values.clone();
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  public boolean isRejected() {
    return !rejections.isEmpty();
  }

  /** This message with part {@code index} set to {@code values} (taken, not copied). */
  public StagedTransaction withPart(int index, double[] values) {
    double[][] next = parts.clone();
    next[index] = values;
    return new StagedTransaction(transaction, original, next, rejections);
  }

  /** This message with {@code rejection} added. */
  public StagedTransaction withRejection(Rejection rejection) {
    List<Rejection> next = new ArrayList<>(rejections.size() + 1);
    next.addAll(rejections);
    next.add(rejection);
    return new StagedTransaction(transaction, original, parts, next);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StagedTransaction that
        && transaction.equals(that.transaction)
        && original.equals(that.original)
        && Arrays.deepEquals(parts, that.parts)
        && rejections.equals(that.rejections);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transaction, original, Arrays.deepHashCode(parts), rejections);
  }

  @Override
  public String toString() {
    return "StagedTransaction["
        + transactionId()
        + ", parts "
        + Arrays.deepToString(parts)
        + ", rejections "
        + rejections
        + "]";
  }
}
