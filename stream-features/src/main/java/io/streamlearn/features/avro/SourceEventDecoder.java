package io.streamlearn.features.avro;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.EventWireDecoder;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.WriterSchemaGate;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns what the engines' sources read into {@link SourceEvent}s: maps the Avro records to their
 * core form, checks them with the ingest {@link EventValidator}, checks that the record key is the
 * transaction id (the topics' contract, docs/ARCHITECTURE.md: the label join relies on it), and
 * describes records that failed to decode. Stateless and thread-safe.
 */
public final class SourceEventDecoder {

  private final EventValidator validator;

  public SourceEventDecoder(ValidationRules rules) {
    this.validator = new EventValidator(rules);
  }

  /** A decoded transaction record. */
  public SourceEvent transaction(OriginalRecord original, Transaction record) {
    TransactionEvent event;
    try {
      event = EventAvroMapping.fromAvro(record);
    } catch (RuntimeException unmappable) {
      return unmappable(original, SourceEvent.Kind.TRANSACTION, unmappable);
    }
    return transaction(original, event);
  }

  /**
   * A transaction read straight from its bytes ({@link EventWireDecoder}): validated and
   * key-checked as a decoded record.
   */
  public SourceEvent transaction(OriginalRecord original, TransactionEvent event) {
    Optional<Violation> violation = validator.check(event);
    if (violation.isPresent()) {
      return invalid(original, SourceEvent.Kind.TRANSACTION, violation.get());
    }
    return keyMismatch(original, SourceEvent.Kind.TRANSACTION, event.transactionId())
        .orElseGet(() -> SourceEvent.of(original, event));
  }

  /** A decoded label record. */
  public SourceEvent label(OriginalRecord original, Label record) {
    LabelEvent event;
    try {
      event = EventAvroMapping.fromAvro(record);
    } catch (RuntimeException unmappable) {
      return unmappable(original, SourceEvent.Kind.LABEL, unmappable);
    }
    return label(original, event);
  }

  /**
   * A label read straight from its bytes ({@link EventWireDecoder}): validated and key-checked as a
   * decoded record.
   */
  public SourceEvent label(OriginalRecord original, LabelEvent event) {
    Optional<Violation> violation = validator.check(event);
    if (violation.isPresent()) {
      return invalid(original, SourceEvent.Kind.LABEL, violation.get());
    }
    return keyMismatch(original, SourceEvent.Kind.LABEL, event.transactionId())
        .orElseGet(() -> SourceEvent.of(original, event));
  }

  /**
   * The gate in front of {@link #direct} for a source of {@code kind}: it passes the records
   * written with the compiled {@code Transaction} or {@code Label} schema, which {@link
   * EventWireDecoder} reads.
   *
   * @param deserializer the source's Avro deserializer (configured), whose registry client finds
   *     writer schemas
   */
  public static WriterSchemaGate compiledSchemaGate(
      AvroDeserializer<?> deserializer, SourceEvent.Kind kind) {
    return new WriterSchemaGate(
        deserializer,
        kind == SourceEvent.Kind.TRANSACTION
            ? EventWireDecoder.transactionSchema()
            : EventWireDecoder.labelSchema());
  }

  /**
   * The event of a record read straight from its bytes with {@link EventWireDecoder}, validated and
   * key-checked; null when {@code gate} ({@link #compiledSchemaGate}) does not pass the record or
   * its bytes do not read with certainty, and the caller then decodes the record with the Avro
   * deserializer as before.
   */
  public SourceEvent direct(OriginalRecord original, SourceEvent.Kind kind, WriterSchemaGate gate) {
    if (!gate.matches(original.topic(), original.value())) {
      return null;
    }
    if (kind == SourceEvent.Kind.TRANSACTION) {
      TransactionEvent event = EventWireDecoder.transaction(original.value());
      return event == null ? null : transaction(original, event);
    }
    LabelEvent event = EventWireDecoder.label(original.value());
    return event == null ? null : label(original, event);
  }

  /**
   * A record that failed to decode.
   *
   * @throws AvroSerdeException when the failure is transient (the registry cannot be reached): the
   *     record is probably fine, so it is not dead-lettered; the job fails and resumes from the
   *     record once restarted
   */
  public SourceEvent undecodable(OriginalRecord original, SourceEvent.Kind kind, Throwable error) {
    AvroSerdeException serde = AvroSerdeException.findIn(error);
    if (serde != null && serde.isTransient()) {
      throw serde;
    }
    Throwable described = serde != null ? serde : error;
    String message =
        described.getMessage() == null ? described.getClass().getName() : described.getMessage();
    return SourceEvent.failed(
        original,
        kind,
        new SourceEvent.Failure(
            serde != null ? serde.reason().name() : FeatureStage.PROCESSING_FAILED,
            described.getClass().getName(),
            message,
            FeatureStage.DESERIALIZE_STAGE));
  }

  /** A record without a value (a tombstone): transactions and labels are never deleted. */
  public SourceEvent missingValue(OriginalRecord original, SourceEvent.Kind kind) {
    return SourceEvent.failed(
        original,
        kind,
        new SourceEvent.Failure(
            ViolationCode.MALFORMED_RECORD.name(),
            null,
            "the record has no value (a tombstone), but "
                + kind.name().toLowerCase()
                + "s are never deleted",
            FeatureStage.VALIDATE_STAGE));
  }

  private static SourceEvent invalid(
      OriginalRecord original, SourceEvent.Kind kind, Violation violation) {
    return SourceEvent.failed(
        original,
        kind,
        new SourceEvent.Failure(
            violation.code().name(), null, violation.message(), FeatureStage.VALIDATE_STAGE));
  }

  private static SourceEvent unmappable(
      OriginalRecord original, SourceEvent.Kind kind, RuntimeException error) {
    return SourceEvent.failed(
        original,
        kind,
        new SourceEvent.Failure(
            FeatureStage.PROCESSING_FAILED,
            error.getClass().getName(),
            "the record cannot be read as a " + kind.name().toLowerCase() + ": " + error,
            FeatureStage.VALIDATE_STAGE));
  }

  private static Optional<SourceEvent> keyMismatch(
      OriginalRecord original, SourceEvent.Kind kind, String transactionId) {
    byte[] expected = transactionId.getBytes(StandardCharsets.UTF_8);
    if (Arrays.equals(original.key(), expected)) {
      return Optional.empty();
    }
    String key =
        original.key() == null
            ? "no key"
            : "key '" + new String(original.key(), StandardCharsets.UTF_8) + "'";
    return Optional.of(
        SourceEvent.failed(
            original,
            kind,
            new SourceEvent.Failure(
                FeatureStage.KEY_MISMATCH,
                null,
                "the record has "
                    + key
                    + " but transactionId '"
                    + transactionId
                    + "': records of this topic must be keyed by their transaction id, which"
                    + " the label join is partitioned by",
                FeatureStage.VALIDATE_STAGE)));
  }
}
