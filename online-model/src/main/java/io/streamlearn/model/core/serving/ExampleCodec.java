package io.streamlearn.model.core.serving;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte layouts of {@link ScoredEvent} and {@link JoinedExample}, as the label join stores them
 * and the trainer's input and log carry them ({@code docs/SERVING.md}, "State formats"). Big-endian
 * {@link DataOutput} encodings; strings are {@code UTF}.
 *
 * <pre>
 * ScoredEvent, layout 1             JoinedExample, layout 1
 *   byte    layout (1)                byte     layout (1)
 *   UTF     transaction id            boolean  label
 *   long    event time                long     label time
 *   double  score                     ...      the ScoredEvent
 *   long    model version
 *   int     entity count, then per entity (ascending keys) UTF key, UTF id
 *   int     feature count, then per feature (ascending names) UTF name, double value (NaN: absent)
 *   int     imputed count, then per imputed feature its int position among the features
 * </pre>
 */
public final class ExampleCodec {

  static final int SCORED_LAYOUT = 1;
  static final int JOINED_LAYOUT = 1;

  private ExampleCodec() {}

  /** The bytes of a scored event. */
  public static byte[] encode(ScoredEvent event) {
    return bytes(out -> write(event, out));
  }

  /** The bytes of a joined example. */
  public static byte[] encode(JoinedExample example) {
    return bytes(out -> write(example, out));
  }

  /**
   * The scored event of {@code bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not a scored event of a known layout
   */
  public static ScoredEvent decodeScored(byte[] bytes) {
    return decode(bytes, "scored event", ExampleCodec::readScored);
  }

  /**
   * The joined example of {@code bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not a joined example of a known layout
   */
  public static JoinedExample decodeJoined(byte[] bytes) {
    return decode(bytes, "joined example", ExampleCodec::readJoined);
  }

  static void write(ScoredEvent e, DataOutput out) throws IOException {
    out.writeByte(SCORED_LAYOUT);
    out.writeUTF(e.transactionId());
    out.writeLong(e.eventTimeMillis());
    out.writeDouble(e.score());
    out.writeLong(e.modelVersion());
    out.writeInt(e.entityIds().size());
    for (Map.Entry<String, String> id : e.entityIds().entrySet()) {
      out.write(UtfCache.encoded(id.getKey())); // as writeUTF: keys and names recur
      out.writeUTF(id.getValue());
    }
    ExampleFeatures f = e.features();
    String[] names = f.namesArray();
    double[] values = f.valuesArray();
    out.writeInt(names.length);
    for (int i = 0; i < names.length; i++) {
      out.write(UtfCache.encoded(names[i]));
      out.writeDouble(values[i]);
    }
    String[] imputed = f.imputedArray();
    out.writeInt(imputed.length);
    for (String name : imputed) {
      out.writeInt(java.util.Arrays.binarySearch(names, name));
    }
  }

  static ScoredEvent readScored(DataInput in) throws IOException {
    int layout = in.readUnsignedByte();
    if (layout != SCORED_LAYOUT) {
      throw new IOException("scored event layout " + layout + " is not supported (reads 1)");
    }
    String id = in.readUTF();
    long eventTime = in.readLong();
    double score = in.readDouble();
    long version = in.readLong();
    int entities = count(in.readInt(), "entity");
    TreeMap<String, String> ids = new TreeMap<>();
    for (int i = 0; i < entities; i++) {
      ids.put(in.readUTF(), in.readUTF());
    }
    int n = count(in.readInt(), "feature");
    String[] names = new String[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      names[i] = in.readUTF();
      values[i] = in.readDouble();
    }
    int m = count(in.readInt(), "imputed feature");
    String[] imputed = new String[m];
    for (int i = 0; i < m; i++) {
      int position = in.readInt();
      if (position < 0 || position >= n) {
        throw new IOException("imputed feature position " + position + " is out of range");
      }
      imputed[i] = names[position];
    }
    return new ScoredEvent(
        id, eventTime, ids, ExampleFeatures.ofSorted(names, values, imputed), score, version);
  }

  static void write(JoinedExample e, DataOutput out) throws IOException {
    out.writeByte(JOINED_LAYOUT);
    out.writeBoolean(e.label());
    out.writeLong(e.labelTimeMillis());
    write(e.scored(), out);
  }

  static JoinedExample readJoined(DataInput in) throws IOException {
    int layout = in.readUnsignedByte();
    if (layout != JOINED_LAYOUT) {
      throw new IOException("joined example layout " + layout + " is not supported (reads 1)");
    }
    boolean label = in.readBoolean();
    long labelTime = in.readLong();
    return new JoinedExample(readScored(in), label, labelTime);
  }

  private static int count(int n, String what) throws IOException {
    if (n < 0 || n > 1_000_000) {
      throw new IOException("implausible " + what + " count " + n);
    }
    return n;
  }

  interface Writer {
    void write(DataOutput out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  /**
   * Each thread's buffer for {@link #bytes} (one encoding per scored event, copied out), lent out
   * while in use: a nested encoding (the trainer's checkpoint encodes its detectors' states inside
   * its own) finds the slot empty and takes a new buffer.
   */
  private static final ThreadLocal<ByteArrayDataOutput[]> SCRATCH =
      ThreadLocal.withInitial(() -> new ByteArrayDataOutput[1]);

  private static final int SCRATCH_BYTES = 1024;

  /** A buffer grown past this (a checkpoint, a huge example) is not kept for the next encoding. */
  private static final int MAX_KEPT_SCRATCH_BYTES = 64 * 1024;

  static byte[] bytes(Writer writer) {
    ByteArrayDataOutput[] slot = SCRATCH.get();
    ByteArrayDataOutput bytes = slot[0];
    slot[0] = null;
    if (bytes == null) {
      bytes = new ByteArrayDataOutput(SCRATCH_BYTES);
    }
    try {
      writer.write(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode: " + e.getMessage(), e);
    } finally {
      if (bytes.capacity() <= MAX_KEPT_SCRATCH_BYTES) {
        bytes.reset();
        slot[0] = bytes;
      }
    }
  }

  static <T> T decode(byte[] bytes, String what, Reader<T> reader) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    T value;
    try {
      value = reader.read(new DataInputStream(in));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable " + what + " bytes: " + e.getMessage(), e);
    }
    if (in.available() > 0) {
      throw new IllegalArgumentException(
          "unreadable " + what + " bytes: " + in.available() + " bytes after the end");
    }
    return value;
  }
}
