package io.streamlearn.features.avro;

import io.streamlearn.platform.serde.AvroWireReader;
import io.streamlearn.platform.serde.WireDecoder;
import java.time.Instant;
import java.util.HashMap;
import org.apache.avro.Schema;

/**
 * Reads a {@link FeatureVector} in the Confluent wire format without Avro's resolving reader: the
 * counterpart of {@link FeatureVectorWireEncoder}, for the model stage's {@code features} source
 * (behind a {@link io.streamlearn.platform.serde.DirectDeserializer}, which gives it only records
 * whose writer schema is the compiled one). It builds the generated object Avro's {@code
 * SpecificDatumReader} builds for the same bytes (maps created and filled as Avro's reader does, so
 * they iterate in the same order); bytes it cannot read with certainty give null, and the record is
 * then read by the Avro deserializer. The class checks, when it loads, that the compiled schema has
 * the layout it reads. Stateless.
 */
public final class FeatureVectorWireDecoder implements WireDecoder<FeatureVector> {

  private static final long serialVersionUID = 1L;

  /** The parsing canonical form of the {@code FeatureVector} schema this decoder reads. */
  static final String LAYOUT =
      "{\"name\":\"io.streamlearn.features.avro.FeatureVector\",\"type\":\"record\",\"fields\":["
          + "{\"name\":\"transactionId\",\"type\":\"string\"},"
          + "{\"name\":\"eventTime\",\"type\":\"long\"},"
          + "{\"name\":\"entityIds\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
          + "{\"name\":\"features\",\"type\":{\"type\":\"map\",\"values\":\"double\"}},"
          + "{\"name\":\"specVersion\",\"type\":\"string\"},"
          + "{\"name\":\"ingestTime\",\"type\":\"long\"}]}";

  static {
    AvroWireReader.requireLayout(
        "FeatureVectorWireDecoder", FeatureVector.getClassSchema(), LAYOUT);
  }

  /** The decoder (it has no state). */
  public static final FeatureVectorWireDecoder INSTANCE = new FeatureVectorWireDecoder();

  private FeatureVectorWireDecoder() {}

  @Override
  public Schema schema() {
    return FeatureVector.getClassSchema();
  }

  @Override
  public FeatureVector decode(byte[] framed) {
    try {
      AvroWireReader in = new AvroWireReader(framed);
      String transactionId = in.readString();
      long eventTime = in.readLong();
      HashMap<String, String> entityIds = in.readStringMap();
      HashMap<String, Double> features = in.readDoubleMap();
      String specVersion = in.readRecurringString();
      long ingestTime = in.readLong();
      if (!in.atEnd()) {
        return null;
      }
      return new FeatureVector(
          transactionId,
          Instant.ofEpochMilli(eventTime),
          entityIds,
          features,
          specVersion,
          Instant.ofEpochMilli(ingestTime));
    } catch (AvroWireReader.MalformedPayload malformed) {
      return null;
    }
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
