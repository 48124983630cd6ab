package io.streamlearn.features.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureVectorWireEncoderTest {

  private static final String TOPIC = "features";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<FeatureVector> avro =
      new AvroSerializer<FeatureVector>(registry).configured(Map.of(), false);

  private FeatureVectorWireEncoder encoderFor(FeatureVector first) {
    return new FeatureVectorWireEncoder(
        ConfluentWireFormat.schemaId(avro.serialize(TOPIC, first), TOPIC, false));
  }

  private static FeatureVector stageVector(Random random, List<String> names, String id) {
    double[] values = new double[names.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (random.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> random.nextInt(1000);
            case 3 -> random.nextGaussian() * 1e9;
            default -> random.nextDouble();
          };
    }
    return FeatureVectorMapping.toAvro(
        new TransactionFeatures(
            id,
            random.nextLong() >> random.nextInt(64),
            Map.of("customerId", "C" + random.nextInt(100), "terminalId", "T" + random.nextInt(9)),
            "fraud-baseline:1",
            FeatureValues.of(names, values)),
        random.nextLong() >> random.nextInt(64));
  }

  @Test
  void writesTheStagesVectorsByteForByteAsTheAvroSerializer() {
    Random random = new Random(7);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      names.add("feature_" + i + (i == 3 ? "_é" : ""));
    }
    FeatureVector first = stageVector(random, names, "tx-0");
    FeatureVectorWireEncoder encoder = encoderFor(first);
    for (int n = 0; n < 2_000; n++) {
      FeatureVector vector = stageVector(random, names, "tx-" + n);
      assertThat(encoder.encode(vector)).isEqualTo(avro.serialize(TOPIC, vector));
    }
  }

  @Test
  void writesAnyVectorAsTheAvroSerializerIncludingEmptyMapsAndNonAsciiText() {
    Map<String, Double> features = new LinkedHashMap<>();
    features.put("amount", 12.5);
    features.put("größe", Double.MAX_VALUE);
    features.put("tiny", Double.MIN_VALUE);
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("customerId", "Ω-42");
    List<FeatureVector> vectors =
        List.of(
            new FeatureVector(
                "tx-ü",
                Instant.ofEpochMilli(-1),
                ids,
                features,
                "spec:2",
                Instant.ofEpochMilli(Long.MAX_VALUE)),
            new FeatureVector(
                "", Instant.ofEpochMilli(0), Map.of(), Map.of(), "", Instant.ofEpochMilli(1)));
    FeatureVectorWireEncoder encoder = encoderFor(vectors.get(0));
    for (FeatureVector vector : vectors) {
      assertThat(encoder.encode(vector)).isEqualTo(avro.serialize(TOPIC, vector));
    }
  }

  @Test
  void theStagesVectorsReadBackAsWritten() {
    Random random = new Random(11);
    List<String> names = List.of("a", "b", "c");
    FeatureVector vector = stageVector(random, names, "tx-1");
    byte[] bytes = encoderFor(vector).encode(vector);

    AvroDeserializer<FeatureVector> reader =
        AvroDeserializer.forSpecific(FeatureVector.class, registry).configured(Map.of(), false);
    FeatureVector read = reader.deserialize(TOPIC, bytes);

    assertThat(read.getTransactionId()).isEqualTo("tx-1");
    assertThat(read.getFeatures()).isEqualTo(vector.getFeatures());
    assertThat(read.getEntityIds()).isEqualTo(vector.getEntityIds());
    assertThat(read.getEventTime()).isEqualTo(vector.getEventTime());
  }
}
