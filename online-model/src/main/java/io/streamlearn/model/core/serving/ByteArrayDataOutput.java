package io.streamlearn.model.core.serving;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growing byte array, writing exactly the bytes a {@link
 * java.io.DataOutputStream} writes, without its per-call stream overhead (the label join encodes
 * one state per scored event, most of it feature names as {@code UTF}).
 */
final class ByteArrayDataOutput implements DataOutput {

  private byte[] buf;
  private int size;

  ByteArrayDataOutput(int capacity) {
    buf = new byte[capacity];
  }

  /** Forgets what was written: the next byte goes first. */
  void reset() {
    size = 0;
  }

  /** How many bytes the buffer holds before it grows. */
  int capacity() {
    return buf.length;
  }

  /** A copy of the bytes written. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  @Override
  public void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  @Override
  public void writeChars(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      writeChar(s.charAt(i));
    }
  }

  /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutputStream#writeUTF}. */
  @Override
  public void writeUTF(String s) throws UTFDataFormatException {
    int chars = s.length();
    int bytes = 0;
    for (int i = 0; i < chars; i++) {
      char c = s.charAt(i);
      bytes += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }
    if (bytes > 65_535) {
      throw new UTFDataFormatException("encoded string too long: " + bytes + " bytes");
    }
    ensure(2 + bytes);
    buf[size++] = (byte) (bytes >>> 8);
    buf[size++] = (byte) bytes;
    for (int i = 0; i < chars; i++) {
      char c = s.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        buf[size++] = (byte) c;
      } else if (c <= 0x07FF) {
        buf[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else {
        buf[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }
}
