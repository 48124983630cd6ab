package io.streamlearn.features.stage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the primitives of the stage messages' byte layouts ({@code docs/FEATURES.md}, "Stage
 * messages"): unsigned and zigzag LEB128 varints, big-endian IEEE 754 doubles, UTF-8 strings and
 * length-prefixed byte arrays.
 */
final class MessageWriter {

  private byte[] bytes;
  private int size;

  MessageWriter(int initialCapacity) {
    bytes = new byte[Math.max(32, initialCapacity)];
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  void writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  /** Unsigned LEB128; {@code value} must not be negative. */
  void writeVarLong(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varlong must not be negative: " + value);
    }
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  /** ZigZag, then LEB128. */
  void writeSignedVarLong(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    ensure(10);
    while ((zigzag & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    bytes[size++] = (byte) zigzag;
  }

  void writeDouble(double value) {
    long bits = Double.doubleToRawLongBits(value);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (bits >>> shift);
    }
  }

  void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  void writeString(String value) {
    writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  void writeBytes(byte[] value) {
    writeVarLong(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Bytes that may be null: 0 for null, else the length plus one, then the bytes. */
  void writeNullableBytes(byte[] value) {
    if (value == null) {
      writeVarLong(0);
      return;
    }
    writeVarLong(value.length + 1L);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Empties the writer, keeping its buffer. */
  void reset() {
    size = 0;
  }

  /** Number of bytes written. */
  int size() {
    return size;
  }

  /** The buffer; its first {@link #size()} bytes are the ones written. */
  byte[] buffer() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
