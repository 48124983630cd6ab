package io.streamlearn.features.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes the single-task operator's state: each chunk of the stage's snapshot as its length and its
 * bytes, then {@link #END}. A {@link SingleTaskCheckpoint} is immutable, so {@link #copy} returns
 * it as it is: Flink's operator state backend copies the state's list on the task thread at a
 * checkpoint and serializes it on its asynchronous thread, which is where the stage's capture is
 * encoded.
 */
public final class SingleTaskStateSerializer
    extends ImmutableValueSerializer<SingleTaskCheckpoint> {

  private static final long serialVersionUID = 1L;

  /** The length written after the last chunk. */
  static final int END = -1;

  @Override
  public void serialize(SingleTaskCheckpoint record, DataOutputView target) throws IOException {
    try {
      record.writeTo(
          chunk -> {
            try {
              target.writeInt(chunk.length);
              target.write(chunk);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    target.writeInt(END);
  }

  @Override
  public SingleTaskCheckpoint deserialize(DataInputView source) throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    for (int length = source.readInt(); length != END; length = source.readInt()) {
      if (length < 0) {
        throw new IOException("single-task feature state: a chunk of negative length " + length);
      }
      byte[] chunk = new byte[length];
      source.readFully(chunk);
      chunks.add(chunk);
    }
    return SingleTaskCheckpoint.restored(chunks);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    for (int length = source.readInt(); length != END; length = source.readInt()) {
      target.writeInt(length);
      target.write(source, length);
    }
    target.writeInt(END);
  }

  @Override
  public TypeSerializerSnapshot<SingleTaskCheckpoint> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: its snapshot restores it as it is. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SingleTaskCheckpoint> {
    public Snapshot() {
      super(SingleTaskStateSerializer::new);
    }
  }
}
