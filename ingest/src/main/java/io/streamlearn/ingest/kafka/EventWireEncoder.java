package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code Transaction} and {@code Label} records in the Confluent wire format (magic byte,
 * 4-byte schema id, Avro binary) straight from the core events, for the simulator's hot path. The
 * bytes are those {@link io.streamlearn.platform.serde.AvroSerializer} writes for the same record
 * (a test holds them equal), without building an Avro object or an encoder per record. Attributes
 * are written in key order, so equal events give equal bytes. Not thread-safe: one per producing
 * thread.
 */
public final class EventWireEncoder {

  private final int transactionSchemaId;
  private final int labelSchemaId;
  private static final int MAX_VARINT = 10;

  private byte[] buffer = new byte[256];
  private int position;

  /**
   * @param transactionSchemaId the registry id of the Transaction schema
   * @param labelSchemaId the registry id of the Label schema
   */
  public EventWireEncoder(int transactionSchemaId, int labelSchemaId) {
    this.transactionSchemaId = transactionSchemaId;
    this.labelSchemaId = labelSchemaId;
  }

  /** The record key of a transaction or its label: the transaction id in UTF-8. */
  public static byte[] key(String transactionId) {
    return transactionId.getBytes(StandardCharsets.UTF_8);
  }

  /** A transaction, framed. */
  public byte[] transaction(TransactionEvent event) {
    return transaction(
        event.transactionId(),
        event.eventTimeMillis(),
        event.customerId(),
        event.terminalId(),
        event.amount(),
        event.attributes());
  }

  /** A transaction with these fields, framed. */
  public byte[] transaction(
      String transactionId,
      long eventTimeMillis,
      String customerId,
      String terminalId,
      double amount,
      Map<String, String> attributes) {
    start(
        transactionSchemaId,
        3 * MAX_VARINT
            + 8
            + 2 * MAX_VARINT
            + maxBytes(transactionId)
            + maxBytes(customerId)
            + maxBytes(terminalId));
    writeString(transactionId);
    writeLong(eventTimeMillis);
    writeString(customerId);
    writeString(terminalId);
    writeDouble(amount);
    if (!attributes.isEmpty()) {
      writeLong(attributes.size());
      for (Map.Entry<String, String> entry : new TreeMap<>(attributes).entrySet()) {
        ensure(2 * MAX_VARINT + maxBytes(entry.getKey()) + maxBytes(entry.getValue()));
        writeString(entry.getKey());
        writeString(entry.getValue());
      }
    }
    writeLong(0);
    return Arrays.copyOf(buffer, position);
  }

  /** A label, framed. */
  public byte[] label(LabelEvent event) {
    start(labelSchemaId, 4 * MAX_VARINT + 1 + maxBytes(event.transactionId()));
    writeLabelStart(event.transactionId(), event.fraud(), event.labelTimeMillis());
    if (event.transactionTimeMillis().isPresent()) {
      writeLong(1);
      writeLong(event.transactionTimeMillis().getAsLong());
    } else {
      writeLong(0);
    }
    return Arrays.copyOf(buffer, position);
  }

  /** A label with these fields (and a transaction time), framed. */
  public byte[] label(
      String transactionId, boolean fraud, long labelTimeMillis, long transactionTimeMillis) {
    start(labelSchemaId, 4 * MAX_VARINT + 1 + maxBytes(transactionId));
    writeLabelStart(transactionId, fraud, labelTimeMillis);
    writeLong(1);
    writeLong(transactionTimeMillis);
    return Arrays.copyOf(buffer, position);
  }

  private void writeLabelStart(String transactionId, boolean fraud, long labelTimeMillis) {
    writeString(transactionId);
    buffer[position++] = (byte) (fraud ? 1 : 0);
    writeLong(labelTimeMillis);
  }

  /** Starts a record of at most {@code bodyBytes} after the header (strings may grow it). */
  private void start(int schemaId, int bodyBytes) {
    position = 0;
    ensure(5 + bodyBytes);
    buffer[0] = 0;
    buffer[1] = (byte) (schemaId >>> 24);
    buffer[2] = (byte) (schemaId >>> 16);
    buffer[3] = (byte) (schemaId >>> 8);
    buffer[4] = (byte) schemaId;
    position = 5;
  }

  private void writeString(String text) {
    int length = text.length();
    boolean ascii = true;
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      writeLong(length);
      byte[] b = buffer;
      int p = position;
      for (int i = 0; i < length; i++) {
        b[p++] = (byte) text.charAt(i);
      }
      position = p;
    } else {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      writeLong(utf8.length);
      System.arraycopy(utf8, 0, buffer, position, utf8.length);
      position += utf8.length;
    }
  }

  /** Avro's zig-zag variable-length long; the room was reserved by {@link #start}. */
  private void writeLong(long value) {
    byte[] b = buffer;
    int p = position;
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      b[p++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    b[p++] = (byte) n;
    position = p;
  }

  /** Avro's little-endian IEEE 754 double. */
  private void writeDouble(double value) {
    long bits = Double.doubleToRawLongBits(value);
    byte[] b = buffer;
    int p = position;
    for (int i = 0; i < 8; i++) {
      b[p++] = (byte) (bits >>> (8 * i));
    }
    position = p;
  }

  /** The most bytes a string can take in UTF-8 (3 per UTF-16 unit). */
  private static int maxBytes(String text) {
    return 3 * text.length();
  }

  private void ensure(int bytes) {
    if (position + bytes > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
    }
  }
}
