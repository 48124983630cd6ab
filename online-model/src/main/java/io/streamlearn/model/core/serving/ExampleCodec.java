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
 * ScoredEvent, layout 2 (written)    JoinedExample, layout 1
 *   byte    layout (2)                 byte     layout (1)
 *   UTF     transaction id             boolean  label
 *   long    event time                 long     label time
 *   double  score                      ...      the ScoredEvent (layout 1 or 2)
 *   long    model version
 *   int     entity count, then per entity (ascending keys) UTF key, UTF id
 *   int     feature count n, then the n names (ascending), UTF each: the name block
 *   n       double values (NaN: absent), in the names' order
 *   int     imputed count, then per imputed feature its int position among the features
 * </pre>
 *
 * Layout 1, still read, interleaves each name with its value. Layout 2 writes the names together so
 * that the block of a stream's events is the same bytes every time: decoders share its names
 * ({@link NameBlocks}), and state that never leaves the process keeps a fingerprint in its place:
 * the <em>local</em> form ({@link #SCORED_LOCAL}), layout 2 with the block replaced by the long
 * fingerprint, which {@link LabelJoinState#toLocalBytes()} writes and {@link
 * LabelJoinState#portable} turns back into layout 2.
 */
public final class ExampleCodec {

  /** The layout written. */
  static final int SCORED_LAYOUT = 2;

  /** The first layout, still read: names and values interleaved. */
  static final int SCORED_LAYOUT_1 = 1;

  /**
   * The local form of layout 2: the name block replaced by its {@link NameBlocks} fingerprint. Read
   * only in the process that wrote it; never on a topic or in a checkpoint.
   */
  static final int SCORED_LOCAL = 0x82;

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
    try {
      return readScored(bytes, 0);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable scored event bytes: " + e.getMessage(), e);
    }
  }

  /**
   * The joined example of {@code bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not a joined example of a known layout
   */
  public static JoinedExample decodeJoined(byte[] bytes) {
    try {
      checkJoinedHeader(bytes);
      return new JoinedExample(readScored(bytes, JOINED_HEADER), bytes[1] != 0, getLong(bytes, 2));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable joined example bytes: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes of the joined example of the scored event encoded in {@code scored} from {@code
   * offset} on, with its label: the bytes of {@link #encode(JoinedExample)}, without decoding the
   * event (the label join keeps scored events as bytes). A local event's names are written back in.
   */
  static byte[] joined(byte[] scored, int offset, boolean label, long labelTimeMillis) {
    if (isLocal(scored, offset)) {
      return bytes(
          out -> {
            out.writeByte(JOINED_LAYOUT);
            out.writeBoolean(label);
            out.writeLong(labelTimeMillis);
            writePortable(scored, offset, out);
          });
    }
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
   * range, a local event's names), without building it.
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

  /**
   * Walks the scored event at {@code offset} that must end where {@code bytes} end; returns the
   * position of its feature count.
   */
  private static int checkScoredLayout(byte[] bytes, int offset) throws IOException {
    int layout = unsignedByte(bytes, offset);
    if (layout != SCORED_LAYOUT && layout != SCORED_LAYOUT_1 && layout != SCORED_LOCAL) {
      throw new IOException("scored event layout " + layout + " is not supported (reads 1 and 2)");
    }
    if (utfLength(bytes, offset + 1) == 0) {
      throw new IOException("a scored event needs a transaction id");
    }
    int p = skipUtf(bytes, offset + 1);
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
    int countAt = p;
    int n = count(getInt(bytes, p), "feature");
    p += 4;
    if (layout == SCORED_LAYOUT_1) {
      for (int i = 0; i < n; i++) {
        p = skipUtf(bytes, p);
        need(bytes, p, 8);
        p += 8;
      }
    } else {
      if (layout == SCORED_LAYOUT) {
        p = skipNames(bytes, p, n);
      } else {
        need(bytes, p, 8);
        localBlock(getLong(bytes, p), n);
        p += 8;
      }
      need(bytes, p, 8L * n);
      p += 8 * n;
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
    return countAt;
  }

  /** The position after the {@code n} names from {@code p} on. */
  static int skipNames(byte[] bytes, int p, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      p = skipUtf(bytes, p);
    }
    return p;
  }

  /** The block of a local event's fingerprint, which must hold {@code n} names. */
  private static NameBlocks.Block localBlock(long fingerprint, int n) throws IOException {
    NameBlocks.Block block = NameBlocks.SHARED.find(fingerprint);
    if (block == null) {
      throw new IOException(
          "a local scored event names feature block "
              + Long.toHexString(fingerprint)
              + ", which this process does not hold (local bytes are read where they were written,"
              + " or after the name blocks saved beside them are restored)");
    }
    if (block.names().length != n) {
      throw new IOException(
          "a local scored event has " + n + " features, its name block " + block.names().length);
    }
    return block;
  }

  /**
   * Checks that {@code bytes} hold exactly one joined example of a known layout, as {@link
   * #decodeJoined} would read it, without building it.
   *
   * @throws IllegalArgumentException when they do not
   */
  public static void checkJoined(byte[] bytes) {
    try {
      checkJoinedHeader(bytes);
      checkScoredLayout(bytes, JOINED_HEADER);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable joined example bytes: " + e.getMessage(), e);
    }
  }

  private static void checkJoinedHeader(byte[] bytes) throws IOException {
    need(bytes, 0, JOINED_HEADER);
    int layout = bytes[0] & 0xFF;
    if (layout != JOINED_LAYOUT) {
      throw new IOException("joined example layout " + layout + " is not supported (reads 1)");
    }
    if ((bytes[1] & 0xFF) > 1) {
      throw new IOException("a joined example's label is " + (bytes[1] & 0xFF) + ", not 0 or 1");
    }
  }

  /**
   * Writes the scored event at {@code offset} of {@link #checkScored checked} {@code bytes} in its
   * local form when it is of layout 2, its names take more than the fingerprint's eight bytes, and
   * its name block is kept ({@link NameBlocks}); else as it is.
   */
  static void writeLocal(byte[] bytes, int offset, DataOutput out) throws IOException {
    if ((bytes[offset] & 0xFF) == SCORED_LAYOUT) {
      int countAt = featureCountAt(bytes, offset);
      int n = getInt(bytes, countAt);
      int from = countAt + 4;
      int to = skipNames(bytes, from, n);
      NameBlocks.Block block = to - from > 8 ? NameBlocks.SHARED.block(bytes, from, to, n) : null;
      if (block != null) {
        out.writeByte(SCORED_LOCAL);
        out.write(bytes, offset + 1, from - offset - 1);
        out.writeLong(block.fingerprint());
        out.write(bytes, to, bytes.length - to);
        return;
      }
    }
    out.write(bytes, offset, bytes.length - offset);
  }

  /**
   * Writes the scored event at {@code offset} of {@link #checkScored checked} {@code bytes} in
   * layout 2 when it is local, else as it is.
   */
  static void writePortable(byte[] bytes, int offset, DataOutput out) throws IOException {
    if ((bytes[offset] & 0xFF) != SCORED_LOCAL) {
      out.write(bytes, offset, bytes.length - offset);
      return;
    }
    int countAt = featureCountAt(bytes, offset);
    NameBlocks.Block block = localBlock(getLong(bytes, countAt + 4), getInt(bytes, countAt));
    out.writeByte(SCORED_LAYOUT);
    out.write(bytes, offset + 1, countAt + 4 - offset - 1);
    out.write(block.utf());
    int rest = countAt + 4 + 8;
    out.write(bytes, rest, bytes.length - rest);
  }

  /** Whether the scored event at {@code offset} of checked {@code bytes} is in its local form. */
  static boolean isLocal(byte[] bytes, int offset) {
    return offset < bytes.length && (bytes[offset] & 0xFF) == SCORED_LOCAL;
  }

  /** The position of the feature count of the checked scored event at {@code offset}. */
  private static int featureCountAt(byte[] bytes, int offset) throws IOException {
    int p = skipUtf(bytes, offset + 1) + 24;
    int entities = getInt(bytes, p);
    p += 4;
    for (int i = 0; i < entities; i++) {
      p = skipUtf(bytes, skipUtf(bytes, p));
    }
    return p;
  }

  /** The transaction id of the scored event {@link #checkScored checked} at {@code offset}. */
  static String scoredTransactionId(byte[] bytes, int offset) {
    try {
      return utf(bytes, offset + 1);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable scored event bytes: " + e.getMessage(), e);
    }
  }

  /** The event time of the scored event {@link #checkScored checked} at {@code offset}. */
  static long scoredEventTime(byte[] bytes, int offset) {
    return getLong(bytes, offset + 3 + utfLength(bytes, offset + 1));
  }

  /** The {@code UTF} string at {@code p} (two-byte length, modified UTF-8), as readUTF reads it. */
  private static String utf(byte[] bytes, int p) throws IOException {
    int length = utfLength(bytes, p);
    int start = p + 2;
    need(bytes, start, length);
    for (int i = start; i < start + length; i++) {
      if (bytes[i] < 0) { // not ASCII: modified UTF-8, as readUTF reads it
        return new DataInputStream(new ByteArrayInputStream(bytes, p, 2 + length)).readUTF();
      }
    }
    return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
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

  private static void need(byte[] bytes, int p, long n) throws IOException {
    if (p + n > bytes.length) {
      throw new IOException("truncated after " + bytes.length + " bytes");
    }
  }

  static int getInt(byte[] bytes, int p) throws IOException {
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

  static void putInt(byte[] bytes, int p, int v) {
    for (int i = p + 3; i >= p; i--) {
      bytes[i] = (byte) v;
      v >>>= 8;
    }
  }

  static void putLong(byte[] bytes, int p, long v) {
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
    for (String name : names) {
      out.write(UtfCache.encoded(name));
    }
    for (double value : values) {
      out.writeDouble(value);
    }
    String[] imputed = f.imputedArray();
    out.writeInt(imputed.length);
    for (String name : imputed) {
      out.writeInt(Arrays.binarySearch(names, name));
    }
  }

  /** Reads the scored event at {@code offset} of {@code bytes}, which it must end. */
  private static ScoredEvent readScored(byte[] bytes, int offset) throws IOException {
    int countAt = checkScoredLayout(bytes, offset);
    int layout = bytes[offset] & 0xFF;
    int p = offset + 1;
    String id = utf(bytes, p);
    p = skipUtf(bytes, p);
    long eventTime = getLong(bytes, p);
    double score = Double.longBitsToDouble(getLong(bytes, p + 8));
    long version = getLong(bytes, p + 16);
    p += 28;
    TreeMap<String, String> ids = new TreeMap<>();
    while (p < countAt) {
      String key = utf(bytes, p);
      p = skipUtf(bytes, p);
      ids.put(key, utf(bytes, p));
      p = skipUtf(bytes, p);
    }
    int n = getInt(bytes, p);
    p += 4;
    String[] names;
    double[] values = new double[n];
    if (layout == SCORED_LAYOUT_1) {
      names = new String[n];
      for (int i = 0; i < n; i++) {
        names[i] = utf(bytes, p);
        p = skipUtf(bytes, p);
        values[i] = Double.longBitsToDouble(getLong(bytes, p));
        p += 8;
      }
    } else {
      if (layout == SCORED_LAYOUT) {
        int from = p;
        p = skipNames(bytes, p, n);
        NameBlocks.Block block = NameBlocks.SHARED.block(bytes, from, p, n);
        names = block != null ? block.names() : names(bytes, from, n);
      } else {
        names = localBlock(getLong(bytes, p), n).names();
        p += 8;
      }
      for (int i = 0; i < n; i++) {
        values[i] = Double.longBitsToDouble(getLong(bytes, p));
        p += 8;
      }
    }
    int m = getInt(bytes, p);
    p += 4;
    String[] imputed = new String[m];
    for (int i = 0; i < m; i++) {
      imputed[i] = names[getInt(bytes, p)];
      p += 4;
    }
    return new ScoredEvent(
        id, eventTime, ids, ExampleFeatures.ofSorted(names, values, imputed), score, version);
  }

  /** The {@code n} names from {@code p} on, decoded one by one. */
  static String[] names(byte[] bytes, int p, int n) throws IOException {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = utf(bytes, p);
      p = skipUtf(bytes, p);
    }
    return names;
  }

  static void write(JoinedExample e, DataOutput out) throws IOException {
    out.writeByte(JOINED_LAYOUT);
    out.writeBoolean(e.label());
    out.writeLong(e.labelTimeMillis());
    write(e.scored(), out);
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
