package io.streamlearn.platform.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param subject the subject, e.g. {@code transactions-value}
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id written in the wire format
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, got " + id);
    }
  }
}
