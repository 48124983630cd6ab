package io.streamlearn.platform.registry;

import org.apache.avro.Schema;

/** Parsing schema text as the registry does, with the registry's error for bad input. */
public final class AvroSchemas {

  private AvroSchemas() {}

  /**
   * Parses Avro schema JSON.
   *
   * @throws InvalidSchemaException when the text is not a valid Avro schema (error 42201)
   */
  public static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw new InvalidSchemaException("Invalid schema: the schema text is empty");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (RuntimeException e) {
      // SchemaParseException for bad JSON or names, AvroTypeException for bad defaults
      throw new InvalidSchemaException("Invalid schema " + schemaText + ": " + e.getMessage());
    }
  }

  /**
   * The text under which the registry stores and deduplicates a schema: Avro's own JSON form of the
   * parsed schema, as Confluent's registry uses ({@code AvroSchema.canonicalString()}).
   */
  public static String canonical(Schema schema) {
    return schema.toString();
  }
}
