package io.streamlearn.platform.serde;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * The Confluent Schema Registry wire format, as Confluent's {@code KafkaAvroSerializer} writes it:
 *
 * <pre>
 * byte 0      magic byte, always 0
 * bytes 1-4   schema id, 32-bit big-endian (two's complement)
 * bytes 5-    the record in Avro binary encoding, written with the schema of that id
 * </pre>
 *
 * This class only frames and unframes; {@link AvroSerializer} and {@link AvroDeserializer} do the
 * Avro part and talk to the registry.
 */
public final class ConfluentWireFormat {

  /** The only magic byte of the format. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro payload: magic byte and schema id. */
  public static final int HEADER_SIZE = 5;

  private ConfluentWireFormat() {}

  /** Writes the header for {@code schemaId} followed by {@code avroPayload}. */
  public static byte[] frame(int schemaId, byte[] avroPayload) {
    return ByteBuffer.allocate(HEADER_SIZE + avroPayload.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroPayload)
        .array();
  }

  /**
   * Reads the schema id of framed bytes.
   *
   * @param topic the topic, for the error message
   * @param isKey whether the bytes are a key, for the error message
   * @throws AvroSerdeException with reason {@code TRUNCATED} when the bytes are shorter than the
   *     header, or {@code UNKNOWN_MAGIC_BYTE} when the first byte is not 0
   */
  public static int schemaId(byte[] framed, String topic, boolean isKey) {
    if (framed.length < HEADER_SIZE) {
      throw new AvroSerdeException(
          AvroSerdeException.Reason.TRUNCATED,
          AvroSerdeException.Direction.DESERIALIZE,
          topic,
          isKey,
          OptionalInt.empty(),
          String.format(
              "it has %d bytes, fewer than the %d-byte header of the Confluent wire format",
              framed.length, HEADER_SIZE),
          null);
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new AvroSerdeException(
          AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE,
          AvroSerdeException.Direction.DESERIALIZE,
          topic,
          isKey,
          OptionalInt.empty(),
          String.format(
              "unknown magic byte 0x%02x, expected 0x00 (the Confluent Schema Registry wire format)",
              framed[0] & 0xff),
          null);
    }
    return headerSchemaId(framed);
  }

  /** Whether {@code bytes} start with the header: long enough, and the magic byte first. */
  public static boolean isFramed(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_SIZE && bytes[0] == MAGIC_BYTE;
  }

  /** The schema id in the header of bytes {@link #isFramed} accepted (not checked again). */
  public static int headerSchemaId(byte[] framed) {
    return ((framed[1] & 0xff) << 24)
        | ((framed[2] & 0xff) << 16)
        | ((framed[3] & 0xff) << 8)
        | (framed[4] & 0xff);
  }
}
