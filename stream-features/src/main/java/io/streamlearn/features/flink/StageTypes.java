package io.streamlearn.features.flink;

import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageCodec;
import io.streamlearn.features.stage.StageMessage;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputView;

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
    void write(StageCodec.Encoder encoder, SourceEvent value, DataOutputView target)
        throws IOException {
      encoder.write(value, target);
    }

    @Override
    SourceEvent decode(byte[] bytes, int length) {
      return StageCodec.decodeSourceEvent(bytes, length);
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
    void write(StageCodec.Encoder encoder, StageMessage value, DataOutputView target)
        throws IOException {
      encoder.write(value, target);
    }

    @Override
    StageMessage decode(byte[] bytes, int length) {
      return StageCodec.decodeMessage(bytes, length);
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
    void write(StageCodec.Encoder encoder, DeadLetterRecord value, DataOutputView target)
        throws IOException {
      encoder.write(value, target);
    }

    @Override
    DeadLetterRecord decode(byte[] bytes, int length) {
      return StageCodec.decodeDeadLetter(bytes, length);
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
