package io.streamlearn.features.core;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote; truncated or malformed input fails with a clear error. */
final class ByteReader {

  private final byte[] bytes;
  private final String what;
  private int position;

  ByteReader(byte[] bytes, String what) {
    this.bytes = bytes;
    this.what = what;
  }

  private void need(int count) {
    if (count < 0 || position + count > bytes.length) {
      throw new IllegalArgumentException(
          what + " bytes are truncated or corrupt (need " + count + " at offset " + position + ")");
    }
  }

  int readByte() {
    need(1);
    return bytes[position++] & 0xFF;
  }

  int readInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
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

  /** A varint that must fit a non-negative int, e.g. a length or a count of elements. */
  int readCount() {
    long value = readVarLong();
    if (value > Integer.MAX_VALUE || value > bytes.length) {
      throw new IllegalArgumentException(
          what + " bytes are truncated or corrupt (impossible count " + value + ")");
    }
    return (int) value;
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
    int length = readCount();
    need(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  String readNullableString() {
    return readBoolean() ? readString() : null;
  }

  /** Fails unless every byte was consumed. */
  void expectEnd() {
    if (position != bytes.length) {
      throw new IllegalArgumentException(
          what + " bytes have " + (bytes.length - position) + " unexpected trailing bytes");
    }
  }
}
