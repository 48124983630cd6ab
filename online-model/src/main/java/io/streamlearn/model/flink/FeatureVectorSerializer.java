package io.streamlearn.model.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireDecoder;
import io.streamlearn.features.avro.FeatureVectorWireEncoder;
import io.streamlearn.features.flink.CodecTypeInfo;
import io.streamlearn.features.flink.LengthPrefixedSerializer;
import java.io.IOException;
import java.util.HashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The Flink serializer of the model job's decoded feature vectors on their way from the decoding
 * task to the scoring task: length-prefixed, the bytes {@link FeatureVectorWireEncoder} writes (the
 * Avro binary the compiled schema gives, behind a wire header with schema id 0) and {@link
 * FeatureVectorWireDecoder} reads, without Avro's datum writer and resolving reader (Flink's Avro
 * serializer cost the scoring task about a fifth of its time). A vector that does not read back is
 * an {@link IOException}. Vectors are not kept in state, so no checkpoint holds these bytes.
 */
public final class FeatureVectorSerializer extends LengthPrefixedSerializer<FeatureVector> {

  private static final long serialVersionUID = 1L;

  /** The serializer (it has no state). */
  public static final FeatureVectorSerializer INSTANCE = new FeatureVectorSerializer();

  /** The type information of feature vectors serialized by {@link #INSTANCE}. */
  public static final TypeInformation<FeatureVector> TYPE =
      new CodecTypeInfo<>(FeatureVector.class, INSTANCE);

  /** The header of the wire format: magic byte and schema id. */
  private static final int HEADER = 5;

  // serializers are shared by the tasks of a task manager: one encoder per thread
  private static final ThreadLocal<FeatureVectorWireEncoder> ENCODERS =
      ThreadLocal.withInitial(() -> new FeatureVectorWireEncoder(0));

  private FeatureVectorSerializer() {}

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public FeatureVector createInstance() {
    return new FeatureVector();
  }

  /** A copy sharing only the immutable parts (strings, instants): the maps are copied. */
  @Override
  public FeatureVector copy(FeatureVector from) {
    return new FeatureVector(
        from.getTransactionId(),
        from.getEventTime(),
        new HashMap<>(from.getEntityIds()),
        new HashMap<>(from.getFeatures()),
        from.getSpecVersion(),
        from.getIngestTime());
  }

  @Override
  protected byte[] toBytes(FeatureVector vector) {
    return ENCODERS.get().encode(vector);
  }

  @Override
  protected FeatureVector fromBytes(byte[] bytes) throws IOException {
    if (bytes.length < HEADER) {
      throw new IOException("a serialized feature vector has " + bytes.length + " bytes");
    }
    FeatureVector vector = FeatureVectorWireDecoder.INSTANCE.decode(bytes);
    if (vector == null) {
      throw new IOException("the bytes of a serialized feature vector do not read back");
    }
    return vector;
  }

  @Override
  public TypeSerializerSnapshot<FeatureVector> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot: it has no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureVector> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
