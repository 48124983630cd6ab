package io.streamlearn.features.avro;

import io.streamlearn.features.core.FeatureValues;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link FeatureVector} in the Confluent wire format (magic byte, schema id, Avro binary)
 * without Avro's datum writer: the bytes Avro's {@code SpecificDatumWriter} writes for the
 * FeatureVector schema (fields in schema order; strings and longs as zig-zag varints; each map as
 * one block of its entries and an empty block; doubles as 8 little-endian bytes), with the feature
 * names encoded once per spec instead of per record. {@code FeatureVectorWireEncoderTest} holds it
 * to the Avro serializer's bytes, and the sink checks its first record against them too. Not
 * thread-safe (one per sink writer).
 */
public final class FeatureVectorWireEncoder {

  private final int schemaId;
  private byte[] buffer = new byte[512];
  private int size;

  /** The names of the last spec written, by identity, with their encoded forms. */
  private List<String> encodedNamesOf;

  private byte[][] encodedNames;

  /** Writes with {@code schemaId}, the id the registry gave the FeatureVector schema. */
  public FeatureVectorWireEncoder(int schemaId) {
    this.schemaId = schemaId;
  }

  /** The wire bytes of {@code vector}. */
  public byte[] encode(FeatureVector vector) {
    size = 0;
    writeByte(0); // magic byte
    writeByte(schemaId >>> 24);
    writeByte(schemaId >>> 16);
    writeByte(schemaId >>> 8);
    writeByte(schemaId);
    writeString(vector.getTransactionId());
    writeLong(vector.getEventTime().toEpochMilli());
    Map<String, String> entityIds = vector.getEntityIds();
    if (!entityIds.isEmpty()) {
      writeLong(entityIds.size());
      for (Map.Entry<String, String> id : entityIds.entrySet()) {
        writeString(id.getKey());
        writeString(id.getValue());
      }
    }
    writeLong(0);
    Map<String, Double> features = vector.getFeatures();
    if (!features.isEmpty()) {
      writeLong(features.size());
      if (features instanceof FeatureValuesMap view) {
        writeFeatures(view.featureValues());
      } else {
        for (Map.Entry<String, Double> feature : features.entrySet()) {
          writeString(feature.getKey());
          writeDouble(feature.getValue());
        }
      }
    }
    writeLong(0);
    writeString(vector.getSpecVersion());
    writeLong(vector.getIngestTime().toEpochMilli());
    return Arrays.copyOf(buffer, size);
  }

  private void writeFeatures(FeatureValues values) {
    List<String> names = values.names();
    if (names != encodedNamesOf) {
      encodedNames = new byte[names.size()][];
      for (int i = 0; i < encodedNames.length; i++) {
        byte[] utf8 = names.get(i).getBytes(StandardCharsets.UTF_8);
        int start = size;
        writeLong(utf8.length);
        writeBytes(utf8, 0, utf8.length);
        encodedNames[i] = Arrays.copyOfRange(buffer, start, size);
        size = start;
      }
      encodedNamesOf = names;
    }
    for (int i = 0; i < encodedNames.length; i++) {
      writeBytes(encodedNames[i], 0, encodedNames[i].length);
      writeDouble(values.value(i));
    }
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  private void writeByte(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
  }

  private void writeBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  /** Avro's long: zig-zag, then 7 bits per byte, low bits first. */
  private void writeLong(long value) {
    ensure(10);
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buffer[size++] = (byte) n;
  }

  private void writeDouble(double value) {
    ensure(8);
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) {
      buffer[size++] = (byte) (bits >>> (8 * i));
    }
  }

  private void writeString(String value) {
    boolean ascii = true;
    int length = value.length();
    for (int i = 0; i < length && ascii; i++) {
      ascii = value.charAt(i) < 0x80;
    }
    if (ascii) {
      writeLong(length);
      ensure(length);
      for (int i = 0; i < length; i++) {
        buffer[size++] = (byte) value.charAt(i);
      }
    } else {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      writeLong(utf8.length);
      writeBytes(utf8, 0, utf8.length);
    }
  }
}
