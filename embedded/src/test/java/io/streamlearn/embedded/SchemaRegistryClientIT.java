package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.IncompatibleSchemaException;
import io.streamlearn.platform.registry.RegisteredSchema;
import io.streamlearn.platform.registry.RestSchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.registry.SubjectNotFoundException;
import io.streamlearn.platform.registry.VersionNotFoundException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform's REST client against the embedded registry: every operation and error code, and ids
 * that survive a restart of the registry.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SchemaRegistryClientIT {

  private static final Schema V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}");
  private static final Schema V2 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
                  + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
  private static final Schema BREAKING =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"z\",\"type\":\"long\"}]}");

  private TestStack stack;
  private SchemaRegistryClient client;
  private String subject;

  @BeforeEach
  void setUp(TestStack stack) {
    this.stack = stack;
    this.client =
        new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl()));
    this.subject = stack.uniqueName("client") + "-value";
  }

  @Test
  void shouldRegisterLookUpAndFetchThroughTheClient() {
    int id1 = client.register(subject, V1);
    int id2 = client.register(subject, V2);

    assertThat(client.register(subject, V1)).isEqualTo(id1);
    assertThat(client.schemaById(id2)).isEqualTo(V2);
    assertThat(client.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, 1, id1, V1));
    assertThat(client.latestVersion(subject)).isEqualTo(new RegisteredSchema(subject, 2, id2, V2));
    assertThat(client.version(subject, 1).schema()).isEqualTo(V1);
    assertThat(client.versions(subject)).containsExactly(1, 2);
    assertThat(client.subjects()).contains(subject);
  }

  @Test
  void shouldSurfaceEachRegistryErrorAsItsTypedException() {
    client.register(subject, V1);

    assertThatThrownBy(() -> client.latestVersion("missing-" + subject))
        .isInstanceOf(SubjectNotFoundException.class);
    assertThatThrownBy(() -> client.version(subject, 5))
        .isInstanceOf(VersionNotFoundException.class);
    assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
        .isInstanceOf(SchemaNotFoundException.class);
    assertThatThrownBy(() -> client.lookup(subject, V2))
        .isInstanceOf(SchemaNotFoundException.class);
    assertThatThrownBy(() -> client.register(subject, BREAKING))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("HTTP 409");
  }

  @Test
  void shouldCheckCompatibilityAndManageLevels() {
    client.register(subject, V1);

    assertThat(client.checkCompatibility(subject, V2).compatible()).isTrue();
    assertThat(client.checkCompatibility(subject, BREAKING).compatible()).isFalse();
    assertThat(client.checkCompatibility(subject, BREAKING).messages()).isNotEmpty();
    assertThat(client.subjectCompatibility(subject)).isEmpty();
    assertThat(client.setSubjectCompatibility(subject, CompatibilityLevel.NONE))
        .isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.NONE);
    assertThat(client.checkCompatibility(subject, BREAKING).compatible()).isTrue();
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldGiveTheSameIdToTheSameSchemaAfterTheRegistryRestarts() {
    String topic = stack.uniqueName("_schemas");
    RegistrySettings settings = RegistrySettings.defaults().withSchemasTopic(topic);
    int id;
    int otherId;
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(stack.bootstrapServers(), settings)) {
      SchemaRegistryClient first = registry.client();
      first.register("other-value", V2);
      id = first.register(subject, V1);
      otherId = first.register(subject, V2);
      first.setSubjectCompatibility(subject, CompatibilityLevel.FULL);
    }

    try (EmbeddedSchemaRegistry restarted =
        EmbeddedSchemaRegistry.start(stack.bootstrapServers(), settings)) {
      SchemaRegistryClient again = restarted.client();

      assertThat(again.register(subject, V1)).isEqualTo(id);
      assertThat(again.schemaById(otherId)).isEqualTo(V2);
      assertThat(again.versions(subject)).containsExactly(1, 2);
      assertThat(again.subjectCompatibility(subject)).contains(CompatibilityLevel.FULL);
      Schema fresh =
          new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"F\",\"fields\":[]}");
      assertThat(again.register("fresh-value", fresh)).isGreaterThan(otherId);
    }
  }
}
