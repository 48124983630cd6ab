package io.streamlearn.features.flink;

import java.util.function.Function;

/**
 * A value in Flink keyed state that lives on the heap between inputs and is stored as bytes in
 * checkpoints and in RocksDB: a heap state backend keeps the cell itself, so an input neither
 * decodes nor encodes the value; a cell read back from bytes decodes lazily, with a layout only the
 * function knows. {@link EntityStateCell} and {@link JoinEntryCell} are the two kinds.
 *
 * @param <T> the live value
 */
abstract class HeapCell<T> {

  private byte[] bytes;
  private T live;

  HeapCell(byte[] bytes, T live) {
    this.bytes = bytes;
    this.live = live;
  }

  /** The live value, decoded from the stored bytes with {@code decode} on first use. */
  final T value(Function<byte[], T> decode) {
    if (live == null) {
      live = decode.apply(bytes);
      bytes = null;
    }
    return live;
  }

  /** The value's bytes: encoded from the live value, or the bytes it was read from. */
  final byte[] toBytes() {
    return live != null ? encode(live) : bytes;
  }

  /** The bytes of a live value. */
  abstract byte[] encode(T value);

  /**
   * Serializes cells as an int32 length and the value's bytes; a copy is a deep copy through the
   * bytes.
   *
   * @param <C> the cell type
   */
  abstract static class Serializer<C extends HeapCell<?>> extends LengthPrefixedSerializer<C> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public C createInstance() {
      return null;
    }

    @Override
    public C copy(C from) {
      return from == null ? null : fromBytes(from.toBytes());
    }

    @Override
    protected byte[] toBytes(C cell) {
      return cell.toBytes();
    }

    /** A cell holding {@code bytes}, not yet decoded. */
    @Override
    protected abstract C fromBytes(byte[] bytes);
  }
}
