package io.streamlearn.ingest.avro;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.platform.serde.AvroWireReader;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.Schema;

/**
 * Reads {@code Transaction} and {@code Label} records in the Confluent wire format (magic byte,
 * 4-byte schema id, Avro binary) straight to the core events, without building the Avro object: the
 * counterpart of {@link io.streamlearn.ingest.kafka.EventWireEncoder} for the feature stage's
 * sources. It knows only the binary layout of the compiled schemas (checked when the class loads),
 * so it may only read records whose writer schema is that schema: the caller asks a {@code
 * WriterSchemaGate} first and reads every other record with the Avro deserializer.
 *
 * <p>It gives the event Avro's reader and {@link EventAvroMapping#fromAvro} give for the same
 * bytes: strings are UTF-8 (malformed sequences become U+FFFD, as in Avro), a boolean is true only
 * for the byte 1, a map key written twice keeps its last value. It accepts only bytes Avro accepts
 * too: whatever it cannot read with certainty (a truncated or malformed record, bytes left over, a
 * negative map block count, an unknown union branch) gives null, and the caller reads the record
 * with the Avro deserializer, which fails with its usual reason ({@code TRUNCATED}, {@code
 * MALFORMED_PAYLOAD}). The schema id in the header is not checked here. Stateless, thread-safe.
 */
public final class EventWireDecoder {

  /** The parsing canonical form of the {@code Transaction} schema this decoder reads. */
  static final String TRANSACTION_LAYOUT =
      "{\"name\":\"io.streamlearn.ingest.avro.Transaction\",\"type\":\"record\",\"fields\":["
          + "{\"name\":\"transactionId\",\"type\":\"string\"},"
          + "{\"name\":\"eventTime\",\"type\":\"long\"},"
          + "{\"name\":\"customerId\",\"type\":\"string\"},"
          + "{\"name\":\"terminalId\",\"type\":\"string\"},"
          + "{\"name\":\"amount\",\"type\":\"double\"},"
          + "{\"name\":\"attributes\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}]}";

  /** The parsing canonical form of the {@code Label} schema this decoder reads. */
  static final String LABEL_LAYOUT =
      "{\"name\":\"io.streamlearn.ingest.avro.Label\",\"type\":\"record\",\"fields\":["
          + "{\"name\":\"transactionId\",\"type\":\"string\"},"
          + "{\"name\":\"isFraud\",\"type\":\"boolean\"},"
          + "{\"name\":\"labelTime\",\"type\":\"long\"},"
          + "{\"name\":\"transactionTime\",\"type\":[\"null\",\"long\"]}]}";

  static {
    AvroWireReader.requireLayout(
        "EventWireDecoder", Transaction.getClassSchema(), TRANSACTION_LAYOUT);
    AvroWireReader.requireLayout("EventWireDecoder", Label.getClassSchema(), LABEL_LAYOUT);
  }

  private EventWireDecoder() {}

  /** The schema the transaction decoder reads: the compiled {@code Transaction} schema. */
  public static Schema transactionSchema() {
    return Transaction.getClassSchema();
  }

  /** The schema the label decoder reads: the compiled {@code Label} schema. */
  public static Schema labelSchema() {
    return Label.getClassSchema();
  }

  /**
   * The transaction in {@code framed}, written with the compiled schema, or null when the payload
   * does not read with certainty (see the class comment).
   */
  public static TransactionEvent transaction(byte[] framed) {
    try {
      AvroWireReader in = new AvroWireReader(framed);
      String transactionId = in.readString();
      long eventTime = in.readLong();
      String customerId = in.readString();
      String terminalId = in.readString();
      double amount = in.readDouble();
      Map<String, String> attributes = in.readStringMap();
      if (!in.atEnd()) {
        return null;
      }
      return new TransactionEvent(
          transactionId, eventTime, customerId, terminalId, amount, attributes);
    } catch (AvroWireReader.MalformedPayload malformed) {
      return null;
    }
  }

  /**
   * The label in {@code framed}, written with the compiled schema, or null when the payload does
   * not read with certainty (see the class comment).
   */
  public static LabelEvent label(byte[] framed) {
    try {
      AvroWireReader in = new AvroWireReader(framed);
      String transactionId = in.readString();
      boolean fraud = in.readBoolean();
      long labelTime = in.readLong();
      int branch = in.readInt();
      OptionalLong transactionTime;
      if (branch == 0) {
        transactionTime = OptionalLong.empty();
      } else if (branch == 1) {
        transactionTime = OptionalLong.of(in.readLong());
      } else {
        return null;
      }
      if (!in.atEnd()) {
        return null;
      }
      return new LabelEvent(transactionId, fraud, labelTime, transactionTime);
    } catch (AvroWireReader.MalformedPayload malformed) {
      return null;
    }
  }
}
