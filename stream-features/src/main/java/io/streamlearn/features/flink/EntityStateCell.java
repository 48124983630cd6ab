package io.streamlearn.features.flink;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * An entity's state in Flink keyed state: the core's {@link EntityState}, live on the heap between
 * inputs, stored as the core's bytes in checkpoints and in RocksDB ({@link HeapCell}).
 */
final class EntityStateCell extends HeapCell<EntityState> {

  /** The cell's Flink type. */
  static final TypeInformation<EntityStateCell> TYPE =
      new CodecTypeInfo<>(EntityStateCell.class, Serializer.INSTANCE);

  private EntityStateCell(byte[] bytes, EntityState live) {
    super(bytes, live);
  }

  static EntityStateCell of(EntityState state) {
    return new EntityStateCell(null, state);
  }

  /** The state, decoded with {@code layout} on first use. */
  EntityState state(EntityFeatures layout) {
    return value(layout::decode);
  }

  @Override
  byte[] encode(EntityState state) {
    return state.toBytes();
  }

  /** Serializes cells as the core's state bytes. */
  static final class Serializer extends HeapCell.Serializer<EntityStateCell> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    protected EntityStateCell fromBytes(byte[] bytes) {
      return new EntityStateCell(bytes, null);
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
