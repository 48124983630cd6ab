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
    start(transactionSchemaId);
    writeString(event.transactionId());
    writeLong(event.eventTimeMillis());
    writeString(event.customerId());
    writeString(event.terminalId());
    writeDouble(event.amount());
    Map<String, String> attributes = event.attributes();
    if (!attributes.isEmpty()) {
      writeLong(attributes.size());
      for (Map.Entry<String, String> entry : new TreeMap<>(attributes).entrySet()) {
        writeString(entry.getKey());
        writeString(entry.getValue());
      }
    }
    writeLong(0);
    return Arrays.copyOf(buffer, position);
  }

  /** A label, framed. */
  public byte[] label(LabelEvent event) {
    start(labelSchemaId);
    writeString(event.transactionId());
    ensure(1);
    buffer[position++] = (byte) (event.fraud() ? 1 : 0);
    writeLong(event.labelTimeMillis());
    if (event.transactionTimeMillis().isPresent()) {
      writeLong(1);
      writeLong(event.transactionTimeMillis().getAsLong());
    } else {
      writeLong(0);
    }
    return Arrays.copyOf(buffer, position);
  }

  private void start(int schemaId) {
    position = 0;
    ensure(5);
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
      ensure(length);
      for (int i = 0; i < length; i++) {
        buffer[position++] = (byte) text.charAt(i);
      }
    } else {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      writeLong(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, position, utf8.length);
      position += utf8.length;
    }
  }

  /** Avro's zig-zag variable-length long. */
  private void writeLong(long value) {
    ensure(10);
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buffer[position++] = (byte) n;
  }

  /** Avro's little-endian IEEE 754 double. */
  private void writeDouble(double value) {
    ensure(8);
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) {
      buffer[position++] = (byte) (bits >>> (8 * i));
    }
  }

  private void ensure(int bytes) {
    if (position + bytes > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
    }
  }
}
