package io.streamlearn.model.core.serving;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * The bytes of the joined example of the scored event encoded in {@code scored} from {@code
   * offset} on, with its label: the bytes of {@link #encode(JoinedExample)}, without decoding the
   * event (the label join keeps scored events as bytes).
   */
  static byte[] joined(byte[] scored, int offset, boolean label, long labelTimeMillis) {
    int length = scored.length - offset;
    byte[] bytes = new byte[JOINED_HEADER + length];
    bytes[0] = JOINED_LAYOUT;
    bytes[1] = (byte) (label ? 1 : 0);
    putLong(bytes, 2, labelTimeMillis);
    System.arraycopy(scored, offset, bytes, JOINED_HEADER, length);
    return bytes;
  }

  /** The bytes of a joined example before its scored event: layout, label and label time. */
  static final int JOINED_HEADER = 10;

  /**
   * Checks that {@code bytes} from {@code offset} to the end hold exactly one scored event of a
   * known layout, as {@link #decodeScored} would read it (counts, lengths, positions, the score's
   * range), without building it.
   *
   * @throws IllegalArgumentException when they do not
   */
  static void checkScored(byte[] bytes, int offset) {
    try {
      checkScoredLayout(bytes, offset);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable scored event bytes: " + e.getMessage(), e);
    }
  }

  /** Walks the scored event at {@code offset} that must end where {@code bytes} end. */
  private static void checkScoredLayout(byte[] bytes, int offset) throws IOException {
    int p = offset;
    int layout = unsignedByte(bytes, p++);
    if (layout != SCORED_LAYOUT) {
      throw new IOException("scored event layout " + layout + " is not supported (reads 1)");
    }
    if (utfLength(bytes, p) == 0) {
      throw new IOException("a scored event needs a transaction id");
    }
    p = skipUtf(bytes, p);
    need(bytes, p, 24);
    double score = Double.longBitsToDouble(getLong(bytes, p + 8));
    if (!(score >= 0 && score <= 1)) {
      throw new IOException("the score must be in [0, 1], got " + score);
    }
    p += 24;
    int entities = count(getInt(bytes, p), "entity");
    p += 4;
    for (int i = 0; i < entities; i++) {
      p = skipUtf(bytes, skipUtf(bytes, p));
    }
    int n = count(getInt(bytes, p), "feature");
    p += 4;
    for (int i = 0; i < n; i++) {
      p = skipUtf(bytes, p);
      need(bytes, p, 8);
      p += 8;
    }
    int m = count(getInt(bytes, p), "imputed feature");
    p += 4;
    for (int i = 0; i < m; i++) {
      int position = getInt(bytes, p);
      if (position < 0 || position >= n) {
        throw new IOException("imputed feature position " + position + " is out of range");
      }
      p += 4;
    }
    if (p != bytes.length) {
      throw new IOException((bytes.length - p) + " bytes after the end");
    }
  }

  /**
   * Checks that {@code bytes} hold exactly one joined example of a known layout, as {@link
   * #decodeJoined} would read it, without building it.
   *
   * @throws IllegalArgumentException when they do not
   */
  public static void checkJoined(byte[] bytes) {
    try {
      need(bytes, 0, JOINED_HEADER);
      int layout = bytes[0] & 0xFF;
      if (layout != JOINED_LAYOUT) {
        throw new IOException("joined example layout " + layout + " is not supported (reads 1)");
      }
      checkScoredLayout(bytes, JOINED_HEADER);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable joined example bytes: " + e.getMessage(), e);
    }
  }

  /** The transaction id of the scored event {@link #checkScored checked} at {@code offset}. */
  static String scoredTransactionId(byte[] bytes, int offset) {
    int length = utfLength(bytes, offset + 1);
    int start = offset + 3;
    for (int i = start; i < start + length; i++) {
      if (bytes[i] < 0) { // not ASCII: modified UTF-8, as readUTF reads it
        return decode(
            Arrays.copyOfRange(bytes, offset + 1, start + length),
            "scored event",
            DataInput::readUTF);
      }
    }
    return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
  }

  /** The event time of the scored event {@link #checkScored checked} at {@code offset}. */
  static long scoredEventTime(byte[] bytes, int offset) {
    return getLong(bytes, offset + 3 + utfLength(bytes, offset + 1));
  }

  private static int unsignedByte(byte[] bytes, int p) throws IOException {
    need(bytes, p, 1);
    return bytes[p] & 0xFF;
  }

  private static int utfLength(byte[] bytes, int p) {
    return p + 2 <= bytes.length ? ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF) : -1;
  }

  private static int skipUtf(byte[] bytes, int p) throws IOException {
    need(bytes, p, 2);
    int length = utfLength(bytes, p);
    need(bytes, p + 2, length);
    return p + 2 + length;
  }

  private static void need(byte[] bytes, int p, int n) throws IOException {
    if (p + n > bytes.length) {
      throw new IOException("truncated after " + bytes.length + " bytes");
    }
  }

  private static int getInt(byte[] bytes, int p) throws IOException {
    need(bytes, p, 4);
    return ((bytes[p] & 0xFF) << 24)
        | ((bytes[p + 1] & 0xFF) << 16)
        | ((bytes[p + 2] & 0xFF) << 8)
        | (bytes[p + 3] & 0xFF);
  }

  static long getLong(byte[] bytes, int p) {
    long v = 0;
    for (int i = p; i < p + 8; i++) {
      v = (v << 8) | (bytes[i] & 0xFF);
    }
    return v;
  }

  private static void putLong(byte[] bytes, int p, long v) {
    for (int i = p + 7; i >= p; i--) {
      bytes[i] = (byte) v;
      v >>>= 8;
    }
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
      out.writeInt(Arrays.binarySearch(names, name));
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
