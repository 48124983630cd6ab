package io.streamlearn.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.RegistryChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The records of the registry's {@code _schemas} topic, in the JSON layout Confluent's registry
 * writes:
 *
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"transactions-value","version":1,"magic":1}
 * value {"subject":"transactions-value","version":1,"id":1,"schema":"{...}","deleted":false}
 *
 * key   {"keytype":"CONFIG","subject":null,"magic":0}          (global level)
 * key   {"keytype":"CONFIG","subject":"transactions-value","magic":0}
 * value {"compatibilityLevel":"BACKWARD"}
 * </pre>
 *
 * Keys of other types (Confluent's NOOP, MODE, DELETE_SUBJECT...), tombstones and soft-deleted
 * versions are not changes this registry applies; {@link #decode} skips them.
 */
final class SchemasTopicFormat {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record: key and value bytes. */
  record Encoded(byte[] key, byte[] value) {}

  private SchemasTopicFormat() {}

  static Encoded encode(RegistryChange change) {
    ObjectNode key = JSON.createObjectNode();
    ObjectNode value = JSON.createObjectNode();
    if (change instanceof RegistryChange.SchemaVersionAdded added) {
      key.put("keytype", "SCHEMA");
      key.put("subject", added.subject());
      key.put("version", added.version());
      key.put("magic", 1);
      value.put("subject", added.subject());
      value.put("version", added.version());
      value.put("id", added.id());
      value.put("schema", added.schema());
      value.put("deleted", false);
    } else if (change instanceof RegistryChange.CompatibilityChanged changed) {
      key.put("keytype", "CONFIG");
      if (changed.subject().isPresent()) {
        key.put("subject", changed.subject().get());
      } else {
        key.putNull("subject");
      }
      key.put("magic", 0);
      value.put("compatibilityLevel", changed.level().name());
    } else {
      throw new IllegalArgumentException("unknown registry change " + change);
    }
    return new Encoded(bytes(key), bytes(value));
  }

  /**
   * The change a record describes, or empty for records this registry does not apply.
   *
   * @throws IOException when the key or value is not the expected JSON
   */
  static Optional<RegistryChange> decode(byte[] keyBytes, byte[] valueBytes) throws IOException {
    if (keyBytes == null || valueBytes == null) {
      return Optional.empty();
    }
    JsonNode key = JSON.readTree(keyBytes);
    JsonNode value = JSON.readTree(valueBytes);
    String type = key.path("keytype").asText("");
    switch (type) {
      case "SCHEMA" -> {
        if (value.path("deleted").asBoolean(false)) {
          return Optional.empty();
        }
        String schemaType = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(schemaType)) {
          return Optional.empty();
        }
        return Optional.of(
            new RegistryChange.SchemaVersionAdded(
                required(value, "subject").asText(),
                required(value, "version").asInt(),
                required(value, "id").asInt(),
                required(value, "schema").asText()));
      }
      case "CONFIG" -> {
        JsonNode level = value.get("compatibilityLevel");
        if (level == null || level.isNull()) {
          return Optional.empty();
        }
        JsonNode subject = key.get("subject");
        return Optional.of(
            new RegistryChange.CompatibilityChanged(
                subject == null || subject.isNull()
                    ? Optional.empty()
                    : Optional.of(subject.asText()),
                CompatibilityLevel.parse(level.asText())));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static JsonNode required(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IOException("the record has no '" + field + "' field: " + node);
    }
    return value;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
