package io.streamlearn.model.core.serving;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DataOutput} into a growing byte array, writing exactly the bytes a {@link
 * java.io.DataOutputStream} writes, without its per-call stream overhead (the label join encodes
 * one state per scored event, most of it feature names as {@code UTF}).
 */
final class ByteArrayDataOutput implements DataOutput {

  private byte[] buf;
  private int size;

  /** In chunks of at most this many bytes ({@link #chunked}); 0: one growing array. */
  private final int chunkBytes;

  private final List<byte[]> chunks = new ArrayList<>();

  ByteArrayDataOutput(int capacity) {
    this(capacity, 0);
  }

  private ByteArrayDataOutput(int capacity, int chunkBytes) {
    buf = new byte[capacity];
    this.chunkBytes = chunkBytes;
  }

  /**
   * An output that keeps what is written as chunks of at most {@code chunkBytes} bytes ({@link
   * #chunks()}), never one array of it all: an array of half a G1 region or more (512 KB or 1 MB in
   * the usual heaps) is a humongous object, placed in the old generation, and its allocation may
   * start a concurrent cycle. A value is never split across chunks, but a byte array written whole
   * may be; a string longer than a chunk makes one longer chunk.
   */
  static ByteArrayDataOutput chunked(int chunkBytes) {
    if (chunkBytes < 16) {
      throw new IllegalArgumentException("chunks of at least 16 bytes, got " + chunkBytes);
    }
    return new ByteArrayDataOutput(chunkBytes, chunkBytes);
  }

  /** The chunks written ({@link #chunked}): their concatenation is every byte written. */
  List<byte[]> chunks() {
    List<byte[]> all = new ArrayList<>(chunks);
    if (size > 0) {
      all.add(Arrays.copyOf(buf, size));
    }
    return all;
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
      if (chunkBytes > 0 && size > 0 && more <= chunkBytes) {
        chunks.add(Arrays.copyOf(buf, size)); // the value goes whole into the next chunk
        size = 0;
        if (buf.length > chunkBytes) {
          buf = new byte[chunkBytes]; // back from a chunk that one long string grew
        }
        return;
      }
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
    if (chunkBytes > 0) {
      while (size + len > buf.length) { // fill the chunk, then go on in the next
        int n = buf.length - size;
        System.arraycopy(b, off, buf, size, n);
        chunks.add(buf); // full: handed over as it is
        buf = new byte[chunkBytes];
        size = 0;
        off += n;
        len -= n;
      }
    }
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
