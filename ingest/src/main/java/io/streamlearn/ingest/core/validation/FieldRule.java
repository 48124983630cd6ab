package io.streamlearn.ingest.core.validation;

import java.util.Objects;

/**
 * A rule for one field of a record.
 *
 * @param field the field name, as used in the reason
 * @param role which rule applies
 * @param required when true a missing (null) value is a violation; otherwise it is accepted
 */
public record FieldRule(String field, FieldRole role, boolean required) {

  public FieldRule {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(role, "role");
  }
}
