package io.streamlearn.features.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the primitives of the module's byte formats (the core's state formats, the stage
 * messages' layouts; docs/FEATURES.md): unsigned and zigzag LEB128 varints, big-endian ints and
 * IEEE 754 doubles, UTF-8 strings and length-prefixed byte arrays. {@link ByteReader} reads them.
 */
public final class ByteWriter {

  private byte[] bytes;
  private int size;

  public ByteWriter(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  public void writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  /** Four bytes, big-endian. */
  public void writeInt(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  /** Unsigned LEB128; {@code value} must not be negative. */
  public void writeVarLong(long value) {
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
  public void writeSignedVarLong(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    ensure(10);
    while ((zigzag & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    bytes[size++] = (byte) zigzag;
  }

  /** IEEE 754 bits, big-endian: exact, NaN payloads and signed zeros included. */
  public void writeDouble(double value) {
    long bits = Double.doubleToRawLongBits(value);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (bits >>> shift);
    }
  }

  public void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  /** The UTF-8 bytes, length-prefixed ({@link #writeBytes}). */
  public void writeString(String value) {
    writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A string that may be null: a presence byte, then the string. */
  public void writeNullableString(String value) {
    writeBoolean(value != null);
    if (value != null) {
      writeString(value);
    }
  }

  /** The length as an unsigned varint, then the bytes. */
  public void writeBytes(byte[] value) {
    writeVarLong(value.length);
    append(value);
  }

  /** Bytes that may be null: 0 for null, else the length plus one, then the bytes. */
  public void writeNullableBytes(byte[] value) {
    if (value == null) {
      writeVarLong(0);
      return;
    }
    writeVarLong(value.length + 1L);
    append(value);
  }

  private void append(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Empties the writer, keeping its buffer. */
  public void reset() {
    size = 0;
  }

  /** Number of bytes written. */
  public int size() {
    return size;
  }

  /** The buffer; its first {@link #size()} bytes are the ones written. */
  public byte[] buffer() {
    return bytes;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
