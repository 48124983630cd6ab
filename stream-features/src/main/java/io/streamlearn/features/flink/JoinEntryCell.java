package io.streamlearn.features.flink;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.JoinEntry;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A label join entry in Flink keyed state: the stage's {@link JoinEntry}, live on the heap between
 * inputs (a heap state backend keeps the object itself, so an input neither decodes nor encodes
 * it), stored as {@link JoinEntry#toBytes()} in checkpoints and in RocksDB. The cell decodes
 * lazily, with the join layout only the function knows. Like {@link EntityStateCell}.
 */
final class JoinEntryCell {

  /** The cell's Flink type. */
  static final TypeInformation<JoinEntryCell> TYPE =
      new CodecTypeInfo<>(JoinEntryCell.class, Serializer.INSTANCE);

  private byte[] bytes;
  private JoinEntry live;

  private JoinEntryCell(byte[] bytes, JoinEntry live) {
    this.bytes = bytes;
    this.live = live;
  }

  static JoinEntryCell of(JoinEntry entry) {
    return new JoinEntryCell(null, entry);
  }

  /** The entry, decoded with {@code stage}'s join layout on first use. */
  JoinEntry entry(FeatureStage stage) {
    if (live == null) {
      live = stage.decodeJoinEntry(bytes);
      bytes = null;
    }
    return live;
  }

  byte[] toBytes() {
    return live != null ? live.toBytes() : bytes;
  }

  /** Serializes cells as the entry's bytes; a copy is a deep copy through the bytes. */
  static final class Serializer extends TypeSerializerSingleton<JoinEntryCell> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public JoinEntryCell createInstance() {
      return null;
    }

    @Override
    public JoinEntryCell copy(JoinEntryCell from) {
      return from == null ? null : new JoinEntryCell(from.toBytes(), null);
    }

    @Override
    public JoinEntryCell copy(JoinEntryCell from, JoinEntryCell reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(JoinEntryCell cell, DataOutputView target) throws IOException {
      byte[] entry = cell.toBytes();
      target.writeInt(entry.length);
      target.write(entry);
    }

    @Override
    public JoinEntryCell deserialize(DataInputView source) throws IOException {
      byte[] entry = new byte[source.readInt()];
      source.readFully(entry);
      return new JoinEntryCell(entry, null);
    }

    @Override
    public JoinEntryCell deserialize(JoinEntryCell reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int length = source.readInt();
      target.writeInt(length);
      target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<JoinEntryCell> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /**
   * The snapshot of {@link Serializer}. It also reads the state of the jobs that kept entries as
   * plain byte arrays ({@code BytePrimitiveArraySerializer}): the same int32 length and bytes.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<JoinEntryCell> {
    public Snapshot() {
      super(() -> Serializer.INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<JoinEntryCell> resolveSchemaCompatibility(
        TypeSerializerSnapshot<JoinEntryCell> old) {
      if ((Object) old
          instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return super.resolveSchemaCompatibility(old);
    }
  }
}
