package io.streamlearn.platform.serde;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

/**
 * A cursor over the Avro binary payload of one record in the Confluent wire format, for direct
 * decoders written for one schema's layout (e.g. {@code EventWireDecoder}, {@code
 * FeatureVectorWireDecoder}), used behind a {@link WriterSchemaGate}.
 *
 * <p>It reads values as Avro's {@code BinaryDecoder} and {@code GenericDatumReader} read them
 * (strings as UTF-8 with malformed sequences replaced by U+FFFD, a boolean true only for the byte
 * 1, a map in a {@code HashMap} created as Avro creates it, a repeated key keeping its last value),
 * but accepts only a subset of what Avro accepts: anything it cannot read with certainty (the
 * payload ends early, a string or map longer than the bytes left, an over-long varint, a negative
 * map block count) throws {@link MalformedPayload}, and the decoder's caller then reads the record
 * with {@link AvroDeserializer}, which fails (or, rarely, succeeds) exactly as it always did. The
 * header (magic byte and schema id) is skipped, not checked. Not thread-safe: one per record.
 */
public final class AvroWireReader {

  /** The payload does not read with certainty; thrown without a stack trace. */
  public static final class MalformedPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final MalformedPayload INSTANCE = new MalformedPayload();

    private MalformedPayload() {
      super(
          "the payload does not read directly; read it with the Avro deserializer",
          null,
          false,
          false);
    }
  }

  private static final boolean FAST_READER = SpecificData.get().isFastReaderEnabled();

  /**
   * Checks, when a direct decoder loads, that {@code schema} (the compiled one) still has the
   * binary layout the decoder reads.
   *
   * @param decoder the decoder's name, for the message
   * @param layout the parsing canonical form the decoder was written for
   * @throws IllegalStateException when the schema's parsing canonical form is another
   */
  public static void requireLayout(String decoder, Schema schema, String layout) {
    String form = SchemaNormalization.toParsingForm(schema);
    if (!form.equals(layout)) {
      throw new IllegalStateException(
          decoder
              + " reads "
              + layout
              + " but the compiled schema is "
              + form
              + ": update the decoder with the schema");
    }
  }

  private final byte[] bytes;
  private final int end;
  private int position;

  /**
   * @param framed a whole record in the wire format
   * @throws MalformedPayload when it is shorter than the header
   */
  public AvroWireReader(byte[] framed) {
    if (framed.length < ConfluentWireFormat.HEADER_SIZE) {
      throw MalformedPayload.INSTANCE;
    }
    this.bytes = framed;
    this.end = framed.length;
    this.position = ConfluentWireFormat.HEADER_SIZE;
  }

  /** Whether the payload has been read to its last byte (Avro fails on bytes left over). */
  public boolean atEnd() {
    return position == end;
  }

  /**
   * Avro's zig-zag varint long, in at most 10 bytes whose last carries at most the 64th bit (what
   * Avro reads as the same value).
   */
  public long readLong() {
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (position >= end) {
        throw MalformedPayload.INSTANCE;
      }
      int b = bytes[position++] & 0xff;
      if (shift == 63 && b > 1) {
        throw MalformedPayload.INSTANCE;
      }
      raw |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  /**
   * Avro's zig-zag varint int, in at most 5 bytes carrying at most 32 bits (which Avro's int and
   * long readers both read as this value).
   */
  public int readInt() {
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (position >= end) {
        throw MalformedPayload.INSTANCE;
      }
      int b = bytes[position++] & 0xff;
      if (shift == 28 && b > 0x0f) {
        throw MalformedPayload.INSTANCE;
      }
      raw |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
    }
    int n = (int) raw;
    return (n >>> 1) ^ -(n & 1);
  }

  /** Avro's boolean: one byte, true only when it is 1. */
  public boolean readBoolean() {
    if (position >= end) {
      throw MalformedPayload.INSTANCE;
    }
    return bytes[position++] == 1;
  }

  /** Avro's double: 8 little-endian bytes. */
  public double readDouble() {
    if (end - position < 8) {
      throw MalformedPayload.INSTANCE;
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits |= (long) (bytes[position + i] & 0xff) << (8 * i);
    }
    position += 8;
    return Double.longBitsToDouble(bits);
  }

  /** Avro's string: a length, then UTF-8. */
  public String readString() {
    int start = skipString();
    return new String(bytes, start, position - start, StandardCharsets.UTF_8);
  }

  /**
   * Avro's string, for a string that recurs from record to record (a map key, a name): equal to
   * what {@link #readString} reads, but the same {@code String} for the same bytes in every record
   * (up to collisions in a small shared table), so that it is not allocated, and its hash code not
   * computed, per record.
   */
  public String readRecurringString() {
    int start = skipString();
    return RecurringStrings.decode(bytes, start, position - start);
  }

  /** Reads a string's length and moves past its bytes; returns where they start. */
  private int skipString() {
    int length = readInt();
    if (length < 0 || length > end - position) {
      throw MalformedPayload.INSTANCE;
    }
    int start = position;
    position += length;
    return start;
  }

  /** A map of strings (see {@link #readDoubleMap}); the values are read as new strings. */
  public HashMap<String, String> readStringMap() {
    long count = nextMapBlock();
    HashMap<String, String> map = newMap(count);
    while (count != 0) {
      for (long i = 0; i < count; i++) {
        String key = readRecurringString();
        map.put(key, readString());
      }
      count = nextMapBlock();
    }
    return map;
  }

  /**
   * A map of doubles: blocks of positive counts up to an empty block, in a {@code HashMap} created
   * as Avro creates it, so that it iterates in Avro's order; a key written twice keeps its last
   * value. The keys are read as {@linkplain #readRecurringString recurring strings}.
   */
  public HashMap<String, Double> readDoubleMap() {
    long count = nextMapBlock();
    HashMap<String, Double> map = newMap(count);
    while (count != 0) {
      for (long i = 0; i < count; i++) {
        String key = readRecurringString();
        map.put(key, readDouble());
      }
      count = nextMapBlock();
    }
    return map;
  }

  /** The count of the next map block: positive, and at most one entry per two bytes left. */
  private long nextMapBlock() {
    long count = readLong();
    if (count < 0 || count > (end - position) / 2) {
      throw MalformedPayload.INSTANCE;
    }
    return count;
  }

  /**
   * A map as Avro's reader creates it, so that it iterates in the same order: Avro 1.12's fast
   * reader (on by default) a {@code new HashMap<>()}, its resolving reader (with {@code
   * -Dorg.apache.avro.fastread=false}) a {@code HashMap} sized by the first block's count, at most
   * 1024.
   */
  private static <V> HashMap<String, V> newMap(long firstBlockCount) {
    return FAST_READER ? new HashMap<>() : new HashMap<>((int) Math.min(firstBlockCount, 1024));
  }
}
