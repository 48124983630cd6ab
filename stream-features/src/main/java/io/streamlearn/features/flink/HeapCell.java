package io.streamlearn.features.flink;

import java.io.IOException;
import java.util.function.Function;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

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
  abstract static class Serializer<C extends HeapCell<?>> extends TypeSerializerSingleton<C> {
    private static final long serialVersionUID = 1L;

    /** A cell holding {@code bytes}, not yet decoded. */
    abstract C fromBytes(byte[] bytes);

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
    public C copy(C from, C reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(C cell, DataOutputView target) throws IOException {
      byte[] value = cell.toBytes();
      target.writeInt(value.length);
      target.write(value);
    }

    @Override
    public C deserialize(DataInputView source) throws IOException {
      byte[] value = new byte[source.readInt()];
      source.readFully(value);
      return fromBytes(value);
    }

    @Override
    public C deserialize(C reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int length = source.readInt();
      target.writeInt(length);
      target.write(source, length);
    }
  }
}
