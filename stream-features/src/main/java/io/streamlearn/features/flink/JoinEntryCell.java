package io.streamlearn.features.flink;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.JoinEntry;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/**
 * A label join entry in Flink keyed state: the stage's {@link JoinEntry}, live on the heap between
 * inputs, stored as {@link JoinEntry#toBytes()} in checkpoints and in RocksDB ({@link HeapCell}).
 */
final class JoinEntryCell extends HeapCell<JoinEntry> {

  /** The cell's Flink type. */
  static final TypeInformation<JoinEntryCell> TYPE =
      new CodecTypeInfo<>(JoinEntryCell.class, Serializer.INSTANCE);

  private JoinEntryCell(byte[] bytes, JoinEntry live) {
    super(bytes, live);
  }

  static JoinEntryCell of(JoinEntry entry) {
    return new JoinEntryCell(null, entry);
  }

  /** The entry, decoded with {@code stage}'s join layout on first use. */
  JoinEntry entry(FeatureStage stage) {
    return value(stage::decodeJoinEntry);
  }

  @Override
  byte[] encode(JoinEntry entry) {
    return entry.toBytes();
  }

  /** Serializes cells as the entry's bytes. */
  static final class Serializer extends HeapCell.Serializer<JoinEntryCell> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    protected JoinEntryCell fromBytes(byte[] bytes) {
      return new JoinEntryCell(bytes, null);
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
