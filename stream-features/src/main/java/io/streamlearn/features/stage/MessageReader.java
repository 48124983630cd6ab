package io.streamlearn.features.stage;

import java.nio.charset.StandardCharsets;

/** Reads what {@link MessageWriter} wrote; corrupt input fails with a message, never misreads. */
final class MessageReader {

  private final byte[] bytes;
  private final int end;
  private final String what;
  private int position;

  MessageReader(byte[] bytes, String what) {
    this(bytes, bytes.length, what);
  }

  /** Reads the first {@code length} bytes of {@code bytes} (a reused buffer). */
  MessageReader(byte[] bytes, int length, String what) {
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

  int readByte() {
    need(1);
    return bytes[position++] & 0xFF;
  }

  long readVarLong() {
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

  long readSignedVarLong() {
    long zigzag = readVarLong();
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  int readCount() {
    long count = readVarLong();
    if (count > end - position) {
      throw new IllegalArgumentException(
          what + " bytes are corrupt: a count of " + count + " exceeds what remains");
    }
    return (int) count;
  }

  double readDouble() {
    need(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (bytes[position++] & 0xFF);
    }
    return Double.longBitsToDouble(bits);
  }

  boolean readBoolean() {
    int value = readByte();
    if (value > 1) {
      throw new IllegalArgumentException(what + " bytes hold a malformed boolean " + value);
    }
    return value == 1;
  }

  String readString() {
    return new String(readBytes(), StandardCharsets.UTF_8);
  }

  byte[] readBytes() {
    int length = readCount();
    byte[] value = new byte[length];
    System.arraycopy(bytes, position, value, 0, length);
    position += length;
    return value;
  }

  byte[] readNullableBytes() {
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
  int remaining() {
    return end - position;
  }

  void expectEnd() {
    if (position != end) {
      throw new IllegalArgumentException(
          what + " bytes have " + (end - position) + " unexpected trailing bytes");
    }
  }
}
