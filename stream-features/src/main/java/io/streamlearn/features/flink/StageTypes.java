package io.streamlearn.features.flink;

import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageCodec;
import io.streamlearn.features.stage.StageMessage;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The Flink types of the feature job's records, serialized in the stage's byte layouts ({@link
 * StageCodec}).
 */
public final class StageTypes {

  /** Source records, decoded and checked. */
  public static final TypeInformation<SourceEvent> SOURCE_EVENTS =
      new CodecTypeInfo<>(SourceEvent.class, SourceEventSerializer.INSTANCE);

  /** Messages between the keyed steps. */
  public static final TypeInformation<StageMessage> STAGE_MESSAGES =
      new CodecTypeInfo<>(StageMessage.class, StageMessageSerializer.INSTANCE);

  /** Records for {@code late-events} and the dead-letter topics. */
  public static final TypeInformation<DeadLetterRecord> DEAD_LETTERS =
      new CodecTypeInfo<>(DeadLetterRecord.class, DeadLetterSerializer.INSTANCE);

  private StageTypes() {}

  /** Serializes {@link SourceEvent}s. */
  public static final class SourceEventSerializer extends CodecSerializer<SourceEvent> {
    private static final long serialVersionUID = 1L;
    static final SourceEventSerializer INSTANCE = new SourceEventSerializer();

    @Override
    byte[] encode(SourceEvent value) {
      return StageCodec.encode(value);
    }

    @Override
    SourceEvent decode(byte[] bytes) {
      return StageCodec.decodeSourceEvent(bytes);
    }

    @Override
    public TypeSerializerSnapshot<SourceEvent> snapshotConfiguration() {
      return new SourceEventSnapshot();
    }
  }

  /** The snapshot of {@link SourceEventSerializer}. */
  public static final class SourceEventSnapshot extends SimpleTypeSerializerSnapshot<SourceEvent> {
    public SourceEventSnapshot() {
      super(() -> SourceEventSerializer.INSTANCE);
    }
  }

  /** Serializes {@link StageMessage}s. */
  public static final class StageMessageSerializer extends CodecSerializer<StageMessage> {
    private static final long serialVersionUID = 1L;
    static final StageMessageSerializer INSTANCE = new StageMessageSerializer();

    @Override
    byte[] encode(StageMessage value) {
      return StageCodec.encode(value);
    }

    @Override
    StageMessage decode(byte[] bytes) {
      return StageCodec.decodeMessage(bytes);
    }

    @Override
    public TypeSerializerSnapshot<StageMessage> snapshotConfiguration() {
      return new StageMessageSnapshot();
    }
  }

  /** The snapshot of {@link StageMessageSerializer}. */
  public static final class StageMessageSnapshot
      extends SimpleTypeSerializerSnapshot<StageMessage> {
    public StageMessageSnapshot() {
      super(() -> StageMessageSerializer.INSTANCE);
    }
  }

  /** Serializes {@link DeadLetterRecord}s. */
  public static final class DeadLetterSerializer extends CodecSerializer<DeadLetterRecord> {
    private static final long serialVersionUID = 1L;
    static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();

    @Override
    byte[] encode(DeadLetterRecord value) {
      return StageCodec.encode(value);
    }

    @Override
    DeadLetterRecord decode(byte[] bytes) {
      return StageCodec.decodeDeadLetter(bytes);
    }

    @Override
    public TypeSerializerSnapshot<DeadLetterRecord> snapshotConfiguration() {
      return new DeadLetterSnapshot();
    }
  }

  /** The snapshot of {@link DeadLetterSerializer}. */
  public static final class DeadLetterSnapshot
      extends SimpleTypeSerializerSnapshot<DeadLetterRecord> {
    public DeadLetterSnapshot() {
      super(() -> DeadLetterSerializer.INSTANCE);
    }
  }
}
