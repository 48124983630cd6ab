package io.streamlearn.features.flink;

import io.streamlearn.features.stage.StageCodec;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer of an immutable value with a byte layout of its own (the stage's codecs):
 * length-prefixed bytes, written straight into Flink's output through a per-thread {@link
 * StageCodec.Encoder} and read through a per-thread buffer (serializers are shared by the tasks of
 * a task manager), so a record costs no intermediate byte arrays. Values are immutable, so copies
 * are the values themselves.
 *
 * @param <T> the value type
 */
abstract class CodecSerializer<T> extends ImmutableValueSerializer<T> {

  private static final long serialVersionUID = 1L;

  private static final ThreadLocal<StageCodec.Encoder> ENCODERS =
      ThreadLocal.withInitial(StageCodec.Encoder::new);
  private static final ThreadLocal<byte[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[512]});

  /** Writes the int32 length and the bytes of {@code value} to {@code target}. */
  abstract void write(StageCodec.Encoder encoder, T value, DataOutputView target)
      throws IOException;

  /** Reads the value from the first {@code length} bytes of {@code bytes}. */
  abstract T decode(byte[] bytes, int length);

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    write(ENCODERS.get(), value, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    int length = source.readInt();
    if (length < 0) {
      throw new IOException("a serialized value has a negative length " + length);
    }
    byte[][] holder = BUFFERS.get();
    if (holder[0].length < length) {
      holder[0] = new byte[Math.max(length, 2 * holder[0].length)];
    }
    byte[] buffer = holder[0];
    source.readFully(buffer, 0, length);
    return decode(buffer, length);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }
}
