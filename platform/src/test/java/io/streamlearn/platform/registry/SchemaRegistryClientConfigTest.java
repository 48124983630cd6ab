package io.streamlearn.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

  @Test
  void shouldReadUrlsTimeoutsAndCacheTtl() {
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(
            Map.of(
                "schema.registry.url", "http://a:8081/, https://b:8081",
                "http.read.timeout.ms", "5000",
                "latest.cache.ttl.sec", "60",
                "bootstrap.servers", "ignored:9092"));

    assertThat(config.urls())
        .extracting(Object::toString)
        .containsExactly("http://a:8081", "https://b:8081");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.latestCacheTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.userInfo()).isEmpty();
  }

  @Test
  void shouldRequireAUrl() {
    assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.url is required: set it to the Schema Registry URL");
  }

  @Test
  void shouldRejectUrlsWithoutAKnownScheme() {
    assertThatThrownBy(
            () ->
                SchemaRegistryClientConfig.fromProperties(Map.of("schema.registry.url", "ftp://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must start with http://, https:// or mock://");
  }

  @Test
  void shouldRequireUserInfoWhenItIsTheCredentialSource() {
    assertThatThrownBy(
            () ->
                SchemaRegistryClientConfig.fromProperties(
                    Map.of(
                        "schema.registry.url", "http://a:8081",
                        "basic.auth.credentials.source", "USER_INFO")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs basic.auth.user.info");
  }

  @Test
  void shouldNotShowCredentialsOfAMalformedUrl() {
    assertThatThrownBy(
            () ->
                SchemaRegistryClientConfig.fromProperties(
                    Map.of("schema.registry.url", "http://carol:t0psecret@")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("t0psecret"));
  }

  @Test
  void shouldReportAnUnreadableTrustStore() {
    assertThatThrownBy(
            () ->
                SchemaRegistryClientConfig.fromProperties(
                    Map.of(
                        "schema.registry.url", "https://a:8081",
                        "schema.registry.ssl.truststore.location", "/nonexistent/truststore.p12",
                        "schema.registry.ssl.truststore.password", "changeit")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the file does not exist or cannot be read")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("changeit"));
  }

  @Test
  void shouldSelectTheSharedInMemoryRegistryForMockUrls() {
    try {
      SchemaRegistryClient first =
          SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://scope-a"));
      SchemaRegistryClient second =
          SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://scope-a"));
      SchemaRegistryClient other =
          SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://scope-b"));

      assertThat(first).isSameAs(second).isNotSameAs(other);
    } finally {
      MockSchemaRegistry.dropScope("scope-a");
      MockSchemaRegistry.dropScope("scope-b");
    }
  }
}
