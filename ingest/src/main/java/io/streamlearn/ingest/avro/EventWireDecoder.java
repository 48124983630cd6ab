package io.streamlearn.ingest.avro;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

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
    requireLayout(Transaction.getClassSchema(), TRANSACTION_LAYOUT);
    requireLayout(Label.getClassSchema(), LABEL_LAYOUT);
  }

  private static final int HEADER_SIZE = 5;

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
      Reader in = new Reader(framed);
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
    } catch (Malformed malformed) {
      return null;
    }
  }

  /**
   * The label in {@code framed}, written with the compiled schema, or null when the payload does
   * not read with certainty (see the class comment).
   */
  public static LabelEvent label(byte[] framed) {
    try {
      Reader in = new Reader(framed);
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
    } catch (Malformed malformed) {
      return null;
    }
  }

  private static void requireLayout(Schema schema, String layout) {
    String form = SchemaNormalization.toParsingForm(schema);
    if (!form.equals(layout)) {
      throw new IllegalStateException(
          "EventWireDecoder reads "
              + layout
              + " but the compiled schema is "
              + form
              + ": update the decoder with the schema");
    }
  }

  /** Bytes that do not read as the layout; no stack trace, it is turned into null at once. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super("malformed", null, false, false);
    }
  }

  /** A cursor over the payload of one record. */
  private static final class Reader {
    private final byte[] bytes;
    private final int end;
    private int position;

    Reader(byte[] framed) {
      if (framed.length < HEADER_SIZE) {
        throw Malformed.INSTANCE;
      }
      this.bytes = framed;
      this.end = framed.length;
      this.position = HEADER_SIZE;
    }

    boolean atEnd() {
      return position == end;
    }

    /**
     * Avro's zig-zag varint long, in at most 10 bytes whose last carries at most the 64th bit (what
     * Avro reads as the same value).
     */
    long readLong() {
      long raw = 0;
      for (int shift = 0; ; shift += 7) {
        if (position >= end) {
          throw Malformed.INSTANCE;
        }
        int b = bytes[position++] & 0xff;
        if (shift == 63 && b > 1) {
          throw Malformed.INSTANCE;
        }
        raw |= (long) (b & 0x7f) << shift;
        if (b < 0x80) {
          break;
        }
        if (shift == 63) {
          throw Malformed.INSTANCE;
        }
      }
      return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Avro's zig-zag varint int, in at most 5 bytes carrying at most 32 bits (which Avro's int and
     * long readers both read as this value).
     */
    int readInt() {
      long raw = 0;
      for (int shift = 0; ; shift += 7) {
        if (position >= end) {
          throw Malformed.INSTANCE;
        }
        int b = bytes[position++] & 0xff;
        if (shift == 28 && b > 0x0f) {
          throw Malformed.INSTANCE;
        }
        raw |= (long) (b & 0x7f) << shift;
        if (b < 0x80) {
          break;
        }
      }
      int n = (int) raw;
      return (n >>> 1) ^ -(n & 1);
    }

    boolean readBoolean() {
      if (position >= end) {
        throw Malformed.INSTANCE;
      }
      return bytes[position++] == 1;
    }

    double readDouble() {
      if (end - position < 8) {
        throw Malformed.INSTANCE;
      }
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits |= (long) (bytes[position + i] & 0xff) << (8 * i);
      }
      position += 8;
      return Double.longBitsToDouble(bits);
    }

    String readString() {
      int length = readInt();
      if (length < 0 || length > end - position) {
        throw Malformed.INSTANCE;
      }
      int start = position;
      position += length;
      return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    /** A map of strings in blocks of positive counts; a key written twice keeps its last value. */
    Map<String, String> readStringMap() {
      long count = readLong();
      if (count == 0) {
        return Map.of();
      }
      Map<String, String> map = new HashMap<>();
      while (count != 0) {
        // each entry takes at least two bytes (two string lengths)
        if (count < 0 || count > (end - position) / 2) {
          throw Malformed.INSTANCE;
        }
        for (long i = 0; i < count; i++) {
          String key = readString();
          map.put(key, readString());
        }
        count = readLong();
      }
      return map;
    }
  }
}
