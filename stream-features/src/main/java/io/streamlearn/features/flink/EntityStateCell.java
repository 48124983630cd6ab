package io.streamlearn.features.flink;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An entity's state in Flink keyed state: the core's {@link EntityState}, live on the heap between
 * inputs (a heap state backend keeps the object itself), stored as the core's bytes in checkpoints
 * and in RocksDB. The cell decodes lazily, with the layout only the function knows.
 */
final class EntityStateCell {

  /** The cell's Flink type. */
  static final TypeInformation<EntityStateCell> TYPE =
      new CodecTypeInfo<>(EntityStateCell.class, Serializer.INSTANCE);

  private byte[] bytes;
  private EntityState live;

  private EntityStateCell(byte[] bytes, EntityState live) {
    this.bytes = bytes;
    this.live = live;
  }

  static EntityStateCell of(EntityState state) {
    return new EntityStateCell(null, state);
  }

  /** The state, decoded with {@code layout} on first use. */
  EntityState state(EntityFeatures layout) {
    if (live == null) {
      live = layout.decode(bytes);
      bytes = null;
    }
    return live;
  }

  byte[] toBytes() {
    return live != null ? live.toBytes() : bytes;
  }

  /** Serializes cells as the core's state bytes; a copy is a deep copy through the bytes. */
  static final class Serializer extends TypeSerializerSingleton<EntityStateCell> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public EntityStateCell createInstance() {
      return null;
    }

    @Override
    public EntityStateCell copy(EntityStateCell from) {
      return from == null ? null : new EntityStateCell(from.toBytes(), null);
    }

    @Override
    public EntityStateCell copy(EntityStateCell from, EntityStateCell reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(EntityStateCell cell, DataOutputView target) throws IOException {
      byte[] state = cell.toBytes();
      target.writeInt(state.length);
      target.write(state);
    }

    @Override
    public EntityStateCell deserialize(DataInputView source) throws IOException {
      byte[] state = new byte[source.readInt()];
      source.readFully(state);
      return new EntityStateCell(state, null);
    }

    @Override
    public EntityStateCell deserialize(EntityStateCell reuse, DataInputView source)
        throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int length = source.readInt();
      target.writeInt(length);
      target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<EntityStateCell> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** The snapshot of {@link Serializer}. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityStateCell> {
    public Snapshot() {
      super(() -> Serializer.INSTANCE);
    }
  }
}
