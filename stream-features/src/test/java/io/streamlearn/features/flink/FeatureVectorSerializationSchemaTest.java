package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeatureVectorSerializationSchemaTest {

  private static final String SCOPE = "feature-vector-serialization-schema-test";
  private static final Map<String, String> SERDE =
      Map.of("schema.registry.url", MockSchemaRegistry.SCHEME + SCOPE);

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  private static FeatureVector vector(int n) {
    return FeatureVectorMapping.toAvro(
        new TransactionFeatures(
            "tx-" + n,
            1_000L * n,
            Map.of("customerId", "C" + n % 7, "terminalId", "T" + n % 3),
            "fraud-baseline:1",
            FeatureValues.of(List.of("amount", "count_1d"), new double[] {n * 1.5, n % 4})),
        2_000L * n);
  }

  @Test
  void writesTheAvroSerializersBytesAndSwitchesToTheWireEncoderAfterTheFirstRecord() {
    FeatureVectorSerializationSchema schema =
        new FeatureVectorSerializationSchema("features", SERDE);
    AvroSerializer<FeatureVector> avro =
        new AvroSerializer<FeatureVector>().configured(SERDE, false);

    for (int n = 0; n < 20; n++) {
      ProducerRecord<byte[], byte[]> record = schema.serialize(vector(n), null, null);
      assertThat(record.value()).isEqualTo(avro.serialize("features", vector(n)));
      assertThat(record.key()).isEqualTo(("tx-" + n).getBytes(StandardCharsets.UTF_8));
      assertThat(record.timestamp()).isEqualTo(1_000L * n);
    }
    assertThat(schema.encodesDirectly()).isTrue();
  }

  @Test
  void withTheLatestSchemaVersionEveryRecordGoesThroughTheAvroSerializer() {
    new AvroSerializer<FeatureVector>().configured(SERDE, false).serialize("features", vector(0));
    Map<String, String> latest = new HashMap<>(SERDE);
    latest.put("use.latest.version", "true");
    latest.put("auto.register.schemas", "false");
    FeatureVectorSerializationSchema schema =
        new FeatureVectorSerializationSchema("features", latest);

    schema.serialize(vector(1), null, null);
    schema.serialize(vector(2), null, null);

    assertThat(schema.encodesDirectly()).isFalse();
  }
}
