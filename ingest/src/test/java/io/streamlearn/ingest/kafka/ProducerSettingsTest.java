package io.streamlearn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.IngestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerSettingsTest {

  @TempDir Path dir;

  @Test
  void theDefaultsAreIdempotentAcksAllLz4WithLargeBatches() {
    Map<String, Object> kafka = ProducerSettings.of("b:9092", "mock://x", null, Map.of()).kafka();

    assertThat(kafka)
        .containsEntry("bootstrap.servers", "b:9092")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "20")
        .containsEntry("batch.size", "524288")
        .doesNotContainKey("schema.registry.url");
  }

  @Test
  void aConfigFileOverridesTheDefaultsAndSingleSettingsOverrideTheFile() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SASL_SSL\nlinger.ms=50\nbatch.size=1024\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"u\" password=\"p4ss\";\n"
                + "schema.registry.url=https://registry:8081\nbasic.auth.user.info=user:s3cret\n");

    ProducerSettings settings = ProducerSettings.of("b:9092", null, file, Map.of("linger.ms", "5"));

    assertThat(settings.kafka())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("batch.size", "1024")
        .containsEntry("linger.ms", "5")
        .doesNotContainKey("basic.auth.user.info");
    assertThat(settings.registryUrl()).isEqualTo("https://registry:8081");
    assertThat(settings.registry()).containsEntry("basic.auth.user.info", "user:s3cret");
  }

  @Test
  void secretsAreNeverShown() {
    ProducerSettings settings =
        ProducerSettings.of(
            "b:9092",
            "mock://x",
            null,
            Map.of(
                "sasl.jaas.config", "... password=\"p4ss\";",
                "ssl.key.password", "k3y",
                "ssl.truststore.password", "tru5t",
                "basic.auth.user.info", "user:s3cret",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----"));

    String described = settings.describe();

    assertThat(described)
        .doesNotContain("p4ss", "k3y", "tru5t", "s3cret", "PRIVATE")
        .contains("sasl.jaas.config=[hidden]", "basic.auth.user.info=[hidden]", "acks=all");
  }

  @Test
  void aMissingConfigFileOrAMalformedSettingIsExplained() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ProducerSettings.of("b:9092", null, missing, Map.of()))
        .isInstanceOf(IngestException.class)
        .hasMessage("producer config file " + missing + " does not exist");
    assertThatThrownBy(() -> ProducerSettings.parseOverride("=x"))
        .hasMessage("a setting must have the form key=value, but one has no key");
    assertThat(ProducerSettings.parseOverride("a.b = c=d")).isEqualTo(Map.entry("a.b", "c=d"));
  }
}
