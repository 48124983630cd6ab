package io.streamlearn.ingest.avro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Resolves the schema named on the command line: one of ours by name, or an .avsc file. */
public final class SchemaSource {

  private SchemaSource() {}

  /**
   * {@code Transaction} or {@code Label} (any case) give our contracts; anything else is read as
   * the path of an {@code .avsc} file.
   *
   * @throws IllegalArgumentException with a one-sentence reason when the file is missing,
   *     unreadable or not a valid Avro record schema
   */
  public static Schema resolve(String nameOrPath) {
    if (nameOrPath.equalsIgnoreCase("transaction")) {
      return Transaction.getClassSchema();
    }
    if (nameOrPath.equalsIgnoreCase("label")) {
      return Label.getClassSchema();
    }
    Path path = Path.of(nameOrPath);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "schema file "
              + path
              + " does not exist (give a path to an .avsc file, or Transaction or Label)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "schema file " + path + " cannot be read: " + e.getMessage());
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException(
          "schema file " + path + " is not a valid Avro schema: " + e.getMessage());
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "schema file " + path + " defines a " + schema.getType() + ", not a record");
    }
    return schema;
  }
}
