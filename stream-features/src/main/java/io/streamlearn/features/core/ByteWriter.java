package io.streamlearn.features.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends the primitives of the core's byte formats: varints, fixed doubles, UTF-8 strings. */
final class ByteWriter {

  private byte[] bytes;
  private int size;

  ByteWriter(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
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

  void writeInt(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
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

  /** ZigZag then LEB128: small magnitudes of either sign take few bytes. */
  void writeSignedVarLong(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    ensure(10);
    while ((zigzag & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    bytes[size++] = (byte) zigzag;
  }

  /** IEEE 754 bits, big-endian: exact, NaN payloads and signed zeros included. */
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
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarLong(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  /** A string that may be null: a presence byte, then the string. */
  void writeNullableString(String value) {
    writeBoolean(value != null);
    if (value != null) {
      writeString(value);
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
