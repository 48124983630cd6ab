package io.streamlearn.model.core.serving;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An output stream that keeps what is written as chunks of at most a given size, so that a large
 * state is held as several arrays rather than one: an array of at least half a G1 region (1 MB in a
 * heap of 2 to 4 GB, 512 KB below) is a <em>humongous</em> object, which G1 places in the old
 * generation and which may start a concurrent cycle, and its Remark pause, as it is allocated.
 */
final class ChunkedOutput extends OutputStream {

  private final int chunkBytes;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int used;

  ChunkedOutput(int chunkBytes) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("a chunk holds at least one byte, got " + chunkBytes);
    }
    this.chunkBytes = chunkBytes;
  }

  @Override
  public void write(int b) {
    room();
    current[used++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    while (length > 0) {
      room();
      int n = Math.min(length, current.length - used);
      System.arraycopy(bytes, offset, current, used, n);
      used += n;
      offset += n;
      length -= n;
    }
  }

  private void room() {
    if (current == null || used == current.length) {
      if (current != null) {
        chunks.add(current);
      }
      current = new byte[chunkBytes];
      used = 0;
    }
  }

  /** The chunks written: every one full but the last, which is as long as what it holds. */
  List<byte[]> chunks() {
    List<byte[]> all = new ArrayList<>(chunks);
    if (current != null && used > 0) {
      all.add(used == current.length ? current : Arrays.copyOf(current, used));
    }
    return all;
  }
}
