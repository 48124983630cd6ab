package io.streamlearn.features.core;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote; truncated or malformed input fails with a message naming
 * what was read ({@code IllegalArgumentException}), never misreads.
 */
public final class ByteReader {

  private final byte[] bytes;
  private final int end;
  private final String what;
  private int position;

  /**
   * @param what what the bytes are, for error messages (e.g. {@code "entity state"})
   */
  public ByteReader(byte[] bytes, String what) {
    this(bytes, bytes.length, what);
  }

  /** Reads the first {@code length} bytes of {@code bytes} (a reused buffer). */
  public ByteReader(byte[] bytes, int length, String what) {
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException(what + " length " + length + " exceeds its buffer");
    }
    this.bytes = bytes;
    this.end = length;
    this.what = what;
  }

  private void need(long count) {
    if (count < 0 || position + count > end) {
      throw new IllegalArgumentException(
          what + " bytes are truncated or corrupt (need " + count + " at offset " + position + ")");
    }
  }

  public int readByte() {
    need(1);
    return bytes[position++] & 0xFF;
  }

  public int readInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  public long readVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException(what + " bytes hold a malformed varint");
  }

  public long readSignedVarLong() {
    long zigzag = readVarLong();
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /**
   * A varint that counts bytes or elements of at least one byte each (a length, a number of
   * entries): it cannot exceed the bytes that remain.
   */
  public int readCount() {
    long count = readVarLong();
    if (count > end - position) {
      throw new IllegalArgumentException(
          what
              + " bytes are truncated or corrupt (a count of "
              + count
              + " exceeds the "
              + (end - position)
              + " bytes that remain)");
    }
    return (int) count;
  }

  public double readDouble() {
    need(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (bytes[position++] & 0xFF);
    }
    return Double.longBitsToDouble(bits);
  }

  public boolean readBoolean() {
    int value = readByte();
    if (value > 1) {
      throw new IllegalArgumentException(what + " bytes hold a malformed boolean " + value);
    }
    return value == 1;
  }

  public String readString() {
    int length = readCount();
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public String readNullableString() {
    return readBoolean() ? readString() : null;
  }

  public byte[] readBytes() {
    int length = readCount();
    byte[] value = new byte[length];
    System.arraycopy(bytes, position, value, 0, length);
    position += length;
    return value;
  }

  /** What {@link ByteWriter#writeNullableBytes} wrote. */
  public byte[] readNullableBytes() {
    long marker = readVarLong();
    if (marker == 0) {
      return null;
    }
    long length = marker - 1;
    need(length);
    byte[] value = new byte[(int) length];
    System.arraycopy(bytes, position, value, 0, value.length);
    position += value.length;
    return value;
  }

  /** Number of bytes not read yet. */
  public int remaining() {
    return end - position;
  }

  /** Fails unless every byte was consumed. */
  public void expectEnd() {
    if (position != end) {
      throw new IllegalArgumentException(
          what + " bytes have " + (end - position) + " unexpected trailing bytes");
    }
  }
}
