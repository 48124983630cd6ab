package io.streamlearn.ingest.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaSourceTest {

  @TempDir Path dir;

  @Test
  void ourSchemasAreFoundByName() {
    assertThat(SchemaSource.resolve("Transaction")).isEqualTo(Transaction.getClassSchema());
    assertThat(SchemaSource.resolve("label")).isEqualTo(Label.getClassSchema());
  }

  @Test
  void anAvscFileIsParsed() throws IOException {
    Path file = dir.resolve("click.avsc");
    Files.writeString(
        file,
        "{\"type\":\"record\",\"name\":\"Click\",\"fields\":[{\"name\":\"userId\",\"type\":\"string\"}]}");

    assertThat(SchemaSource.resolve(file.toString()).getName()).isEqualTo("Click");
  }

  @Test
  void aMissingOrInvalidSchemaFileIsExplainedInOneSentence() throws IOException {
    Path missing = dir.resolve("nope.avsc");
    assertThatThrownBy(() -> SchemaSource.resolve(missing.toString()))
        .hasMessage(
            "schema file "
                + missing
                + " does not exist (give a path to an .avsc file, or Transaction or Label)");

    Path broken = dir.resolve("broken.avsc");
    Files.writeString(broken, "{\"type\": \"record\", \"name\": \"X\"");
    assertThatThrownBy(() -> SchemaSource.resolve(broken.toString()))
        .hasMessageStartingWith("schema file " + broken + " is not a valid Avro schema: ");

    Path notRecord = dir.resolve("string.avsc");
    Files.writeString(notRecord, "\"string\"");
    assertThatThrownBy(() -> SchemaSource.resolve(notRecord.toString()))
        .hasMessage("schema file " + notRecord + " defines a STRING, not a record");
  }
}
