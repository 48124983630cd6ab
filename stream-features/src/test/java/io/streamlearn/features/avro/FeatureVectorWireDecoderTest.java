package io.streamlearn.features.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import io.streamlearn.platform.serde.DirectDeserializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The model stage's {@code features} deserializer ({@link DirectDeserializer} with {@link
 * FeatureVectorWireDecoder}) returns what the Avro deserializer alone returns, or fails as it
 * fails, for every record.
 */
class FeatureVectorWireDecoderTest {

  private static final String TOPIC = "features";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<FeatureVector> serializer =
      new AvroSerializer<FeatureVector>(registry).configured(Map.of(), false);
  private final AvroDeserializer<FeatureVector> avro =
      AvroDeserializer.forSpecific(FeatureVector.class, registry).configured(Map.of(), false);
  private final DirectDeserializer<FeatureVector> direct =
      new DirectDeserializer<>(
          AvroDeserializer.forSpecific(FeatureVector.class, registry).configured(Map.of(), false),
          FeatureVectorWireDecoder.INSTANCE);

  @Test
  void theDecoderIsWrittenForTheCompiledSchema() {
    assertThat(SchemaNormalization.toParsingForm(FeatureVector.getClassSchema()))
        .isEqualTo(FeatureVectorWireDecoder.LAYOUT);
  }

  @Test
  void randomVectorsGiveWhatAvroGivesInTheSameIterationOrder() {
    Random random = new Random(21L);
    FeatureVectorWireEncoder encoder = null;
    for (int i = 0; i < 3000; i++) {
      FeatureVector vector = randomVector(random);
      byte[] bytes = serializer.serialize(TOPIC, vector);
      if (encoder == null) {
        encoder = new FeatureVectorWireEncoder(ConfluentWireFormat.schemaId(bytes, TOPIC, false));
      }
      for (byte[] written : List.of(bytes, encoder.encode(vector))) {
        FeatureVector expected = avro.deserialize(TOPIC, written);
        FeatureVector read = FeatureVectorWireDecoder.INSTANCE.decode(written);

        assertThat(read).isEqualTo(expected).isEqualTo(vector);
        assertThat(new ArrayList<>(read.getFeatures().entrySet()))
            .containsExactlyElementsOf(expected.getFeatures().entrySet());
        assertThat(new ArrayList<>(read.getEntityIds().entrySet()))
            .containsExactlyElementsOf(expected.getEntityIds().entrySet());
        assertThat(direct.deserialize(TOPIC, written)).isEqualTo(expected);
      }
    }
  }

  @Test
  void corruptAndTruncatedVectorsGiveWhatAvroGivesOrTheSameFailure() {
    Random random = new Random(22L);
    int failures = 0;
    for (int i = 0; i < 150; i++) {
      byte[] valid = serializer.serialize(TOPIC, randomVector(random));
      List<byte[]> corrupt = new ArrayList<>();
      for (int length = 0; length < valid.length; length++) {
        corrupt.add(Arrays.copyOf(valid, length));
      }
      for (int j = 0; j < 10; j++) {
        byte[] changed = valid.clone();
        changed[5 + random.nextInt(valid.length - 5)] ^= (byte) (1 << random.nextInt(8));
        corrupt.add(changed);
      }
      corrupt.add(Arrays.copyOf(valid, valid.length + 1));
      for (byte[] bytes : corrupt) {
        String expected = outcome(() -> avro.deserialize(TOPIC, bytes));
        assertThat(outcome(() -> direct.deserialize(TOPIC, bytes)))
            .as("bytes %s", Arrays.toString(bytes))
            .isEqualTo(expected);
        failures += expected.startsWith("failed") ? 1 : 0;
      }
    }
    assertThat(failures).isGreaterThan(1000);
    assertThat(direct.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void vectorsOfAnotherWriterSchemaAreResolvedByAvro() {
    // entityIds after features: the direct decoder would fail or misread them if it were used
    Schema reordered =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"FeatureVector","namespace":"io.streamlearn.features.avro",
                 "fields":[
                  {"name":"transactionId","type":"string"},
                  {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"features","type":{"type":"map","values":"double"}},
                  {"name":"entityIds","type":{"type":"map","values":"string"}},
                  {"name":"specVersion","type":"string"},
                  {"name":"ingestTime","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"note","type":["null","string"],"default":null}]}
                """);
    GenericRecord written = new GenericData.Record(reordered);
    written.put("transactionId", "tx-1");
    written.put("eventTime", 5L);
    written.put("features", Map.of("amount", 3.5));
    written.put("entityIds", Map.of("customerId", "C1"));
    written.put("specVersion", "fraud-baseline:1");
    written.put("ingestTime", 7L);
    written.put("note", "n");
    byte[] bytes =
        new AvroSerializer<GenericRecord>(registry)
            .configured(Map.of(), false)
            .serialize("features-evolved", written);

    FeatureVector read = direct.deserialize(TOPIC, bytes);

    assertThat(read).isEqualTo(avro.deserialize(TOPIC, bytes));
    assertThat(read)
        .isEqualTo(
            new FeatureVector(
                "tx-1",
                Instant.ofEpochMilli(5),
                Map.of("customerId", "C1"),
                Map.of("amount", 3.5),
                "fraud-baseline:1",
                Instant.ofEpochMilli(7)));
  }

  /** The value read, or the failure: exception class, reason and message. */
  private static String outcome(java.util.function.Supplier<FeatureVector> read) {
    try {
      return "read " + Objects.toString(read.get());
    } catch (AvroSerdeException e) {
      return "failed " + e.reason() + " " + e.getMessage();
    } catch (RuntimeException e) {
      return "failed " + e.getClass().getName() + " " + e.getMessage();
    }
  }

  private static FeatureVector randomVector(Random random) {
    Map<String, Double> features = new HashMap<>();
    int width = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(40);
    double[] extremes = {
      0.0, -0.0, Double.MAX_VALUE, -Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 1e300
    };
    for (int i = 0; i < width; i++) {
      features.put(
          text(random) + "_" + i,
          random.nextInt(4) == 0
              ? extremes[random.nextInt(extremes.length)]
              : random.nextGaussian() * 1e6);
    }
    Map<String, String> entityIds = new HashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      entityIds.put(text(random), text(random));
    }
    long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
    return new FeatureVector(
        text(random),
        Instant.ofEpochMilli(
            random.nextInt(4) == 0 ? times[random.nextInt(4)] : random.nextLong() >> 20),
        entityIds,
        features,
        text(random),
        Instant.ofEpochMilli(random.nextLong() >> random.nextInt(64)));
  }

  /** Empty, ASCII and non-ASCII text. */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(15); i > 0; i--) {
      text.appendCodePoint(
          switch (random.nextInt(5)) {
            case 0 -> 0xe0 + random.nextInt(0x20);
            case 1 -> 0x4e00 + random.nextInt(0x100);
            case 2 -> 0x1f600 + random.nextInt(0x40);
            default -> 'a' + random.nextInt(26);
          });
    }
    return text.toString();
  }
}
