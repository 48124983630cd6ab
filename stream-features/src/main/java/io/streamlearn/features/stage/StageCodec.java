package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.features.core.LabelOutcome;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The byte layouts of the stage messages, for Kafka Streams' repartition topics and Flink's network
 * buffers and state (docs/FEATURES.md, "Stage messages"). Every layout starts with a format version
 * byte and a type byte; an unknown version or type is refused with a message, never misread.
 */
public final class StageCodec {

  static final int FORMAT_VERSION = 1;

  private static final int STAGED_TRANSACTION = 1;
  private static final int STAGED_LABEL = 2;
  private static final int ROUTED_OUTCOME = 3;
  private static final int SOURCE_EVENT = 4;
  private static final int DEAD_LETTER = 5;

  private StageCodec() {}

  /** The bytes of {@code message}. */
  public static byte[] encode(StageMessage message) {
    ByteWriter out = new ByteWriter(256);
    write(out, message);
    return out.toByteArray();
  }

  private static void write(ByteWriter out, StageMessage message) {
    out.writeByte(FORMAT_VERSION);
    if (message instanceof StagedTransaction staged) {
      out.writeByte(STAGED_TRANSACTION);
      writeTransaction(out, staged.transaction());
      staged.original().write(out);
      out.writeVarLong(staged.partCount());
      for (int i = 0; i < staged.partCount(); i++) {
        double[] part = staged.part(i);
        if (part == null) {
          out.writeVarLong(0);
        } else {
          out.writeVarLong(part.length + 1L);
          for (double value : part) {
            out.writeDouble(value);
          }
        }
      }
      out.writeVarLong(staged.rejections().size());
      for (Rejection rejection : staged.rejections()) {
        writeRejection(out, rejection);
      }
    } else if (message instanceof StagedLabel staged) {
      out.writeByte(STAGED_LABEL);
      writeLabel(out, staged.label());
      staged.original().write(out);
    } else {
      RoutedOutcome routed = (RoutedOutcome) message;
      out.writeByte(ROUTED_OUTCOME);
      out.writeBytes(routed.outcome().toBytes());
      out.writeVarLong(routed.stage());
      out.writeString(routed.entityId());
      routed.labelRecord().write(out);
    }
  }

  /** Reads {@link #encode(StageMessage)}. */
  public static StageMessage decodeMessage(byte[] bytes) {
    return decodeMessage(bytes, bytes.length);
  }

  /** Reads {@link #encode(StageMessage)} from the first {@code length} bytes of {@code bytes}. */
  public static StageMessage decodeMessage(byte[] bytes, int length) {
    ByteReader in = new ByteReader(bytes, length, "stage message");
    int type = header(in);
    StageMessage message;
    switch (type) {
      case STAGED_TRANSACTION:
        {
          TransactionEvent transaction = readTransaction(in);
          OriginalRecord original = OriginalRecord.read(in);
          double[][] parts = new double[in.readCount()][];
          for (int i = 0; i < parts.length; i++) {
            long marker = in.readVarLong();
            if (marker > 0) {
              double[] values = new double[(int) (marker - 1)];
              for (int v = 0; v < values.length; v++) {
                values[v] = in.readDouble();
              }
              parts[i] = values;
            }
          }
          int count = in.readCount();
          List<Rejection> rejections = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            rejections.add(readRejection(in));
          }
          message = new StagedTransaction(transaction, original, parts, rejections);
          break;
        }
      case STAGED_LABEL:
        message = new StagedLabel(readLabel(in), OriginalRecord.read(in));
        break;
      case ROUTED_OUTCOME:
        message =
            new RoutedOutcome(
                LabelOutcome.fromBytes(in.readBytes()),
                in.readCount(),
                in.readString(),
                OriginalRecord.read(in));
        break;
      default:
        throw new IllegalArgumentException("stage message bytes hold an unknown type " + type);
    }
    in.expectEnd();
    return message;
  }

  /** The bytes of {@code event}. */
  public static byte[] encode(SourceEvent event) {
    ByteWriter out = new ByteWriter(256);
    write(out, event);
    return out.toByteArray();
  }

  private static void write(ByteWriter out, SourceEvent event) {
    out.writeByte(FORMAT_VERSION);
    out.writeByte(SOURCE_EVENT);
    event.write(out);
  }

  /** Reads {@link #encode(SourceEvent)}. */
  public static SourceEvent decodeSourceEvent(byte[] bytes) {
    return decodeSourceEvent(bytes, bytes.length);
  }

  /** Reads {@link #encode(SourceEvent)} from the first {@code length} bytes of {@code bytes}. */
  public static SourceEvent decodeSourceEvent(byte[] bytes, int length) {
    ByteReader in = new ByteReader(bytes, length, "source event");
    expectType(in, SOURCE_EVENT, "source event");
    SourceEvent event = SourceEvent.read(in);
    in.expectEnd();
    return event;
  }

  /** The bytes of {@code letter}. */
  public static byte[] encode(DeadLetterRecord letter) {
    ByteWriter out = new ByteWriter(256);
    write(out, letter);
    return out.toByteArray();
  }

  private static void write(ByteWriter out, DeadLetterRecord letter) {
    out.writeByte(FORMAT_VERSION);
    out.writeByte(DEAD_LETTER);
    letter.write(out);
  }

  /** Reads {@link #encode(DeadLetterRecord)}. */
  public static DeadLetterRecord decodeDeadLetter(byte[] bytes) {
    return decodeDeadLetter(bytes, bytes.length);
  }

  /**
   * Reads {@link #encode(DeadLetterRecord)} from the first {@code length} bytes of {@code bytes}.
   */
  public static DeadLetterRecord decodeDeadLetter(byte[] bytes, int length) {
    ByteReader in = new ByteReader(bytes, length, "dead letter");
    expectType(in, DEAD_LETTER, "dead letter");
    DeadLetterRecord letter = DeadLetterRecord.read(in);
    in.expectEnd();
    return letter;
  }

  /**
   * A reusable encoder: writes a value's bytes, length-prefixed (int32), to a {@link DataOutput}
   * without an intermediate copy. Not thread-safe: one per thread.
   */
  public static final class Encoder {
    private final ByteWriter out = new ByteWriter(512);

    /** Writes the int32 length and the bytes of {@link StageCodec#encode(StageMessage)}. */
    public void write(StageMessage message, DataOutput target) throws IOException {
      out.reset();
      StageCodec.write(out, message);
      flush(target);
    }

    /** Writes the int32 length and the bytes of {@link StageCodec#encode(SourceEvent)}. */
    public void write(SourceEvent event, DataOutput target) throws IOException {
      out.reset();
      StageCodec.write(out, event);
      flush(target);
    }

    /** Writes the int32 length and the bytes of {@link StageCodec#encode(DeadLetterRecord)}. */
    public void write(DeadLetterRecord letter, DataOutput target) throws IOException {
      out.reset();
      StageCodec.write(out, letter);
      flush(target);
    }

    private void flush(DataOutput target) throws IOException {
      target.writeInt(out.size());
      target.write(out.buffer(), 0, out.size());
    }
  }

  private static int header(ByteReader in) {
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "stage bytes have format version " + version + "; this build reads " + FORMAT_VERSION);
    }
    return in.readByte();
  }

  private static void expectType(ByteReader in, int expected, String what) {
    int type = header(in);
    if (type != expected) {
      throw new IllegalArgumentException(what + " bytes hold a message of type " + type);
    }
  }

  static void writeTransaction(ByteWriter out, TransactionEvent transaction) {
    out.writeString(transaction.transactionId());
    out.writeSignedVarLong(transaction.eventTimeMillis());
    out.writeString(transaction.customerId());
    out.writeString(transaction.terminalId());
    out.writeDouble(transaction.amount());
    out.writeVarLong(transaction.attributes().size());
    for (Map.Entry<String, String> attribute : transaction.attributes().entrySet()) {
      out.writeString(attribute.getKey());
      out.writeString(attribute.getValue());
    }
  }

  static TransactionEvent readTransaction(ByteReader in) {
    String id = in.readString();
    long time = in.readSignedVarLong();
    String customer = in.readString();
    String terminal = in.readString();
    double amount = in.readDouble();
    int count = in.readCount();
    Map<String, String> attributes = count == 0 ? Map.of() : new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      attributes.put(in.readString(), in.readString());
    }
    return new TransactionEvent(id, time, customer, terminal, amount, attributes);
  }

  static void writeLabel(ByteWriter out, LabelEvent label) {
    out.writeString(label.transactionId());
    out.writeBoolean(label.fraud());
    out.writeSignedVarLong(label.labelTimeMillis());
    out.writeBoolean(label.transactionTimeMillis().isPresent());
    if (label.transactionTimeMillis().isPresent()) {
      out.writeSignedVarLong(label.transactionTimeMillis().getAsLong());
    }
  }

  static LabelEvent readLabel(ByteReader in) {
    String id = in.readString();
    boolean fraud = in.readBoolean();
    long labelTime = in.readSignedVarLong();
    OptionalLong transactionTime =
        in.readBoolean() ? OptionalLong.of(in.readSignedVarLong()) : OptionalLong.empty();
    return new LabelEvent(id, fraud, labelTime, transactionTime);
  }

  private static void writeRejection(ByteWriter out, Rejection rejection) {
    out.writeString(rejection.reason().name());
    out.writeString(rejection.transactionId());
    out.writeString(rejection.stage());
    out.writeString(rejection.message());
  }

  private static Rejection readRejection(ByteReader in) {
    String reason = in.readString();
    Rejection.Reason parsed;
    try {
      parsed = Rejection.Reason.valueOf(reason);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException("stage message names an unknown rejection " + reason);
    }
    return new Rejection(parsed, in.readString(), in.readString(), in.readString());
  }
}
