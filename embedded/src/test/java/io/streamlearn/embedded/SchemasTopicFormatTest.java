package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.RegistryChange;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The _schemas records in Confluent's JSON layout, both ways. */
class SchemasTopicFormatTest {

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteSchemaVersionsInConfluentsLayout() {
    SchemasTopicFormat.Encoded encoded =
        SchemasTopicFormat.encode(
            new RegistryChange.SchemaVersionAdded("t-value", 2, 7, "\"string\""));

    assertThat(text(encoded.key()))
        .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}");
    assertThat(text(encoded.value()))
        .isEqualTo(
            "{\"subject\":\"t-value\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\","
                + "\"deleted\":false}");
  }

  @Test
  void shouldWriteGlobalAndSubjectConfigInConfluentsLayout() {
    SchemasTopicFormat.Encoded global =
        SchemasTopicFormat.encode(
            new RegistryChange.CompatibilityChanged(Optional.empty(), CompatibilityLevel.FULL));
    SchemasTopicFormat.Encoded subject =
        SchemasTopicFormat.encode(
            new RegistryChange.CompatibilityChanged(
                Optional.of("t-value"), CompatibilityLevel.NONE));

    assertThat(text(global.key()))
        .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
    assertThat(text(global.value())).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    assertThat(text(subject.key()))
        .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"t-value\",\"magic\":0}");
  }

  @Test
  void shouldReadRecordsAsConfluentsRegistryWritesThem() throws Exception {
    assertThat(
            SchemasTopicFormat.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}"),
                bytes(
                    "{\"subject\":\"t-value\",\"version\":1,\"id\":3,\"schemaType\":\"AVRO\","
                        + "\"schema\":\"\\\"long\\\"\",\"deleted\":false}")))
        .contains(new RegistryChange.SchemaVersionAdded("t-value", 1, 3, "\"long\""));
    assertThat(
            SchemasTopicFormat.decode(
                bytes("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}"),
                bytes("{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}")))
        .contains(
            new RegistryChange.CompatibilityChanged(
                Optional.empty(), CompatibilityLevel.FORWARD_TRANSITIVE));
  }

  @Test
  void shouldSkipRecordsThatAreNotChangesOfThisRegistry() throws Exception {
    assertThat(SchemasTopicFormat.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null))
        .isEmpty();
    assertThat(
            SchemasTopicFormat.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"t\",\"version\":1,\"magic\":1}"),
                bytes(
                    "{\"subject\":\"t\",\"version\":1,\"id\":3,\"schema\":\"\\\"long\\\"\","
                        + "\"deleted\":true}")))
        .isEmpty();
    assertThat(
            SchemasTopicFormat.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"t\",\"version\":1,\"magic\":1}"),
                bytes(
                    "{\"subject\":\"t\",\"version\":1,\"id\":3,\"schemaType\":\"PROTOBUF\","
                        + "\"schema\":\"syntax = \\\"proto3\\\";\"}")))
        .isEmpty();
    assertThat(
            SchemasTopicFormat.decode(
                bytes("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"),
                bytes("{\"mode\":\"READWRITE\"}")))
        .isEmpty();
  }
}
