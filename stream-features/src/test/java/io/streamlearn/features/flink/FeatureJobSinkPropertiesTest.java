package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.Guarantee;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FeatureJobSinkPropertiesTest {

  private static KafkaConnection connection(Map<String, String> clientProperties) {
    return new KafkaConnection(
        "localhost:9092",
        KafkaConnection.DEFAULT_GROUP_ID,
        clientProperties,
        Map.of("schema.registry.url", "http://localhost:8081"),
        false);
  }

  @Test
  void shouldFillLargerBatchesThanKafkasDefaultAndCompressThem() {
    Properties properties =
        FeatureJob.sinkProperties(connection(Map.of()), FeatureStageSettings.defaults());

    assertThat(properties.getProperty("batch.size")).isEqualTo("262144");
    assertThat(properties.getProperty("compression.type")).isEqualTo("lz4");
    assertThat(properties).doesNotContainKey("transaction.timeout.ms");
  }

  @Test
  void shouldKeepTheCallersBatchSizeAndOtherProperties() {
    Properties properties =
        FeatureJob.sinkProperties(
            connection(
                Map.of(
                    "batch.size", "16384", "compression.type", "none", "security.protocol", "SSL")),
            FeatureStageSettings.defaults());

    assertThat(properties.getProperty("batch.size")).isEqualTo("16384");
    assertThat(properties.getProperty("compression.type")).isEqualTo("none");
    assertThat(properties.getProperty("security.protocol")).isEqualTo("SSL");
  }

  @Test
  void shouldBoundTheTransactionTimeoutUnderExactlyOnce() {
    Properties properties =
        FeatureJob.sinkProperties(
            connection(Map.of()),
            FeatureStageSettings.defaults().withGuarantee(Guarantee.EXACTLY_ONCE));

    assertThat(properties.getProperty("transaction.timeout.ms")).isEqualTo("900000");
    assertThat(properties.getProperty("batch.size")).isEqualTo("262144");
  }
}
