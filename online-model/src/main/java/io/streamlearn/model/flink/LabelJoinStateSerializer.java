package io.streamlearn.model.flink;

import io.streamlearn.features.flink.LengthPrefixedSerializer;
import io.streamlearn.model.core.serving.LabelJoinState;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/**
 * The serializer of the label join's keyed state: the bytes of a {@link LabelJoinState} in their
 * local form ({@link LabelJoinState#toLocalBytes()}: a scored event's feature names by reference to
 * this process's copy of them), in memory and in checkpoints alike. A checkpoint's local bytes read
 * in another process because {@link LabelJoinFunction} saves the name blocks they refer to ({@link
 * LabelJoinState#nameBlocks()}) in its operator state and restores them before any state is read;
 * this serializer only reads bytes back, and makes those of the portable form ({@link
 * LabelJoinState#toBytes()}, what checkpoints held before) local. The serialized form is that of
 * Flink's {@link BytePrimitiveArraySerializer} (an int32 length, then the bytes), which the label
 * join's state used first: a checkpoint written with it restores as it is.
 *
 * <p>A state backend that serializes on every access (RocksDB) stores the local bytes too: a third
 * of the portable bytes for the default spec.
 */
public final class LabelJoinStateSerializer extends LengthPrefixedSerializer<byte[]> {

  private static final long serialVersionUID = 1L;

  /** The serializer (it has no state). */
  public static final LabelJoinStateSerializer INSTANCE = new LabelJoinStateSerializer();

  private LabelJoinStateSerializer() {}

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public byte[] createInstance() {
    return new byte[0];
  }

  @Override
  public byte[] copy(byte[] from) {
    return Arrays.copyOf(from, from.length);
  }

  @Override
  protected byte[] toBytes(byte[] state) {
    return state; // local: the names travel once, in the function's operator state
  }

  @Override
  protected byte[] fromBytes(byte[] bytes) throws IOException {
    try {
      return LabelJoinState.local(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public TypeSerializerSnapshot<byte[]> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * The serializer's snapshot: it has no configuration. A state written by Flink's byte-array
   * serializer is compatible as it is: the same length-prefixed bytes.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<byte[]> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<byte[]> resolveSchemaCompatibility(
        TypeSerializerSnapshot<byte[]> oldSerializerSnapshot) {
      if (oldSerializerSnapshot
          instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return super.resolveSchemaCompatibility(oldSerializerSnapshot);
    }
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
