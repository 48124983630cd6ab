package io.streamlearn.platform.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A subject's schema evolution rule, with Confluent's names and meanings. The check itself is
 * Avro's own {@link SchemaCompatibility}.
 *
 * <ul>
 *   <li>{@code BACKWARD}: the new schema reads data written with the previous one (consumers
 *       upgrade first). The registry default.
 *   <li>{@code FORWARD}: the previous schema reads data written with the new one (producers upgrade
 *       first).
 *   <li>{@code FULL}: both.
 *   <li>{@code NONE}: no check.
 *   <li>The {@code _TRANSITIVE} forms check against every earlier version, not only the latest.
 * </ul>
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Parses a level name, case-insensitively, as the registry's REST API accepts it.
   *
   * @throws InvalidCompatibilityLevelException when the name is not a level
   */
  public static CompatibilityLevel parse(String name) {
    if (name != null) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        // reported below
      }
    }
    throw new InvalidCompatibilityLevelException(
        "Invalid compatibility level '"
            + name
            + "'. Valid values are none, backward, forward, full, backward_transitive,"
            + " forward_transitive, and full_transitive");
  }

  /** True when every earlier version is checked, not only the latest. */
  public boolean isTransitive() {
    return transitive;
  }

  /**
   * Checks a candidate schema against a subject's earlier versions under this level.
   *
   * @param candidate the schema about to be registered
   * @param previous the subject's schemas, oldest first (may be empty)
   * @return one line per incompatibility, empty when compatible
   */
  public List<String> incompatibilities(Schema candidate, List<Schema> previous) {
    List<String> problems = new ArrayList<>();
    if (this == NONE || previous.isEmpty()) {
      return problems;
    }
    List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
    for (int i = 0; i < against.size(); i++) {
      int version = transitive ? i + 1 : previous.size();
      Schema earlier = against.get(i);
      if (backward) {
        describe(problems, "BACKWARD", version, candidate, earlier);
      }
      if (forward) {
        describe(problems, "FORWARD", version, earlier, candidate);
      }
    }
    return problems;
  }

  private static void describe(
      List<String> problems, String direction, int version, Schema reader, Schema writer) {
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      problems.add(
          direction
              + " against version "
              + version
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getMessage());
    }
  }
}
