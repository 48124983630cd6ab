package io.streamlearn.platform.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * One durable change to a registry's state: what a registry writes to its log (the embedded
 * registry's {@code _schemas} topic) before it takes effect, and replays on start.
 */
public sealed interface RegistryChange {

  /**
   * A new version of a subject.
   *
   * @param subject the subject
   * @param version its version number, from 1
   * @param id the registry-wide schema id
   * @param schema the schema text in canonical form ({@link AvroSchemas#canonical})
   */
  record SchemaVersionAdded(String subject, int version, int id, String schema)
      implements RegistryChange {
    public SchemaVersionAdded {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /**
   * A compatibility level set globally (empty subject) or for one subject.
   *
   * @param subject the subject, or empty for the global level
   * @param level the new level
   */
  record CompatibilityChanged(Optional<String> subject, CompatibilityLevel level)
      implements RegistryChange {
    public CompatibilityChanged {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(level, "level");
    }
  }
}
