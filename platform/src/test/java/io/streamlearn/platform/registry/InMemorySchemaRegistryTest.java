package io.streamlearn.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  static final Schema V1 = schema("{\"name\": \"a\", \"type\": \"string\"}");
  static final Schema V2_WITH_DEFAULT =
      schema(
          "{\"name\": \"a\", \"type\": \"string\"},"
              + " {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
  static final Schema V2_REQUIRED_FIELD =
      schema("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");
  static final Schema V3_WITHOUT_A = schema("{\"name\": \"b\", \"type\": \"int\", \"default\": 0}");

  static Schema schema(String fields) {
    return new Schema.Parser()
        .parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + fields + "]}");
  }

  private final List<RegistryChange> journal = new ArrayList<>();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(journal::add);

  @Test
  void shouldGiveTheSameIdWhenTheSameSchemaIsRegisteredAgain() {
    int first = registry.register("t-value", V1);
    int again = registry.register("t-value", V1);

    assertThat(again).isEqualTo(first).isEqualTo(1);
    assertThat(registry.versions("t-value")).containsExactly(1);
  }

  @Test
  void shouldShareIdsAcrossSubjectsForTheSameSchema() {
    int a = registry.register("a-value", V1);
    int b = registry.register("b-value", V1);

    assertThat(b).isEqualTo(a);
    assertThat(registry.subjects()).containsExactly("a-value", "b-value");
  }

  @Test
  void shouldAddAVersionForACompatibleSchema() {
    registry.register("t-value", V1);
    int id = registry.register("t-value", V2_WITH_DEFAULT);

    RegisteredSchema latest = registry.latestVersion("t-value");
    assertThat(latest).isEqualTo(new RegisteredSchema("t-value", 2, id, V2_WITH_DEFAULT));
    assertThat(registry.version("t-value", 1).schema()).isEqualTo(V1);
    assertThat(registry.schemaById(id)).isEqualTo(V2_WITH_DEFAULT);
  }

  @Test
  void shouldRejectABackwardIncompatibleSchemaByDefault() {
    registry.register("t-value", V1);

    assertThatThrownBy(() -> registry.register("t-value", V2_REQUIRED_FIELD))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageStartingWith(
            "Schema being registered is incompatible with an earlier schema for subject"
                + " \"t-value\"")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409));
    assertThat(registry.versions("t-value")).containsExactly(1);
  }

  @Test
  void shouldAcceptAnySchemaUnderNone() {
    registry.setSubjectCompatibility("t-value", CompatibilityLevel.NONE);
    registry.register("t-value", V1);

    registry.register("t-value", V2_REQUIRED_FIELD);

    assertThat(registry.versions("t-value")).containsExactly(1, 2);
  }

  @Test
  void shouldCheckForwardCompatibilityWithTheOldSchemaAsReader() {
    registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
    registry.register("t-value", V1);

    // adding a required field is forward compatible: the old reader ignores it
    registry.register("t-value", V2_REQUIRED_FIELD);
    // removing a field the old reader needs (without default) is not
    assertThatThrownBy(() -> registry.register("t-value", V3_WITHOUT_A))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("FORWARD against version 2");
  }

  @Test
  void shouldCheckBothDirectionsUnderFull() {
    registry.setGlobalCompatibility(CompatibilityLevel.FULL);
    registry.register("t-value", V1);

    assertThat(registry.checkCompatibility("t-value", V2_WITH_DEFAULT).compatible()).isTrue();
    assertThat(registry.checkCompatibility("t-value", V2_REQUIRED_FIELD).compatible()).isFalse();
  }

  @Test
  void shouldCheckEveryVersionUnderTransitiveLevelsOnly() {
    registry.setGlobalCompatibility(CompatibilityLevel.NONE);
    registry.register("t-value", V1);
    registry.register("t-value", V3_WITHOUT_A);
    Schema onlyB = schema("{\"name\": \"b\", \"type\": \"int\"}");

    registry.setSubjectCompatibility("t-value", CompatibilityLevel.FORWARD);
    assertThat(registry.checkCompatibility("t-value", onlyB).compatible()).isTrue();
    registry.setSubjectCompatibility("t-value", CompatibilityLevel.FORWARD_TRANSITIVE);
    CompatibilityCheck transitive = registry.checkCompatibility("t-value", onlyB);
    assertThat(transitive.compatible()).isFalse();
    assertThat(transitive.messages()).anyMatch(m -> m.startsWith("FORWARD against version 1"));
  }

  @Test
  void shouldReportMissingSubjectsVersionsAndSchemasWithConfluentsCodes() {
    registry.register("t-value", V1);

    assertThatThrownBy(() -> registry.latestVersion("nope"))
        .isInstanceOf(SubjectNotFoundException.class)
        .hasMessage("Subject 'nope' not found.");
    assertThatThrownBy(() -> registry.version("t-value", 7))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessage("Version 7 not found.");
    assertThatThrownBy(() -> registry.schemaById(99))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessage("Schema 99 not found");
    assertThatThrownBy(() -> registry.lookup("t-value", V2_WITH_DEFAULT))
        .isInstanceOf(SchemaNotFoundException.class);
    assertThatThrownBy(() -> registry.checkCompatibility("nope", V1))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void shouldDefaultToBackwardAndKeepSubjectLevelsApart() {
    assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.subjectCompatibility("t-value")).isEmpty();

    registry.setSubjectCompatibility("t-value", CompatibilityLevel.FULL_TRANSITIVE);

    assertThat(registry.subjectCompatibility("t-value"))
        .contains(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldJournalEveryChangeAndRebuildTheSameStateFromTheJournal() {
    registry.register("a-value", V1);
    registry.register("a-value", V2_WITH_DEFAULT);
    registry.register("b-value", V1);
    registry.setGlobalCompatibility(CompatibilityLevel.FULL);
    registry.setSubjectCompatibility("b-value", CompatibilityLevel.NONE);

    InMemorySchemaRegistry rebuilt = new InMemorySchemaRegistry();
    journal.forEach(rebuilt::replay);
    journal.forEach(rebuilt::replay);

    assertThat(journal).hasSize(5);
    assertThat(rebuilt.subjects()).isEqualTo(registry.subjects());
    assertThat(rebuilt.latestVersion("a-value")).isEqualTo(registry.latestVersion("a-value"));
    assertThat(rebuilt.versions("a-value")).containsExactly(1, 2);
    assertThat(rebuilt.register("b-value", V1)).isEqualTo(1);
    assertThat(rebuilt.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(rebuilt.subjectCompatibility("b-value"))
        .isEqualTo(Optional.of(CompatibilityLevel.NONE));
    Schema fresh = schema("{\"name\": \"z\", \"type\": \"long\"}");
    assertThat(rebuilt.register("c-value", fresh)).isEqualTo(3);
  }

  @Test
  void shouldNotApplyAChangeTheJournalRefused() {
    InMemorySchemaRegistry failing =
        new InMemorySchemaRegistry(
            change -> {
              throw new SchemaRegistryUnavailableException("the log is down", null);
            });

    assertThatThrownBy(() -> failing.register("t-value", V1))
        .isInstanceOf(SchemaRegistryUnavailableException.class);
    assertThat(failing.subjects()).isEmpty();
  }

  @Test
  void shouldRejectUnknownCompatibilityLevelNames() {
    assertThat(CompatibilityLevel.parse("backward_transitive"))
        .isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
        .isInstanceOf(InvalidCompatibilityLevelException.class)
        .hasMessageStartingWith("Invalid compatibility level 'SIDEWAYS'");
  }

  @Test
  void shouldRejectInvalidSchemaText() {
    assertThatThrownBy(() -> AvroSchemas.parse("{\"type\": \"record\", \"name\": \"R\"}"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageStartingWith("Invalid schema");
  }
}
