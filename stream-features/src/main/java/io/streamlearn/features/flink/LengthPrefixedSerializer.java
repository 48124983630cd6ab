package io.streamlearn.features.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer of values written as an int32 length and the value's bytes, in a layout of the
 * subclass's ({@link HeapCell}s in keyed state, the model job's feature vectors between its tasks).
 * A copy is the subclass's; nothing is reused.
 *
 * @param <T> the value type
 */
public abstract class LengthPrefixedSerializer<T> extends TypeSerializerSingleton<T> {

  private static final long serialVersionUID = 1L;

  /** The bytes of {@code value}. */
  protected abstract byte[] toBytes(T value);

  /**
   * The value of {@code bytes}, which the caller no longer uses.
   *
   * @throws IOException when they are not a value's bytes
   */
  protected abstract T fromBytes(byte[] bytes) throws IOException;

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    byte[] bytes = toBytes(value);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length < 0) {
      throw new IOException("a serialized value has a negative length " + length);
    }
    byte[] bytes = new byte[length];
    source.readFully(bytes);
    return fromBytes(bytes);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }
}
