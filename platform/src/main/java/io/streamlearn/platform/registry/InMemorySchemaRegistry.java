package io.streamlearn.platform.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * The registry's state and rules, in memory: subjects and their versions, registry-wide schema ids,
 * and compatibility levels checked with Avro's {@code SchemaCompatibility}. It behaves as
 * Confluent's registry does: an identical schema gets the same id (in any subject), registering a
 * schema a subject already holds returns its id without a new version, ids and versions start at 1,
 * and the global level defaults to {@link CompatibilityLevel#BACKWARD}.
 *
 * <p>The embedded registry serves this state over HTTP and persists it through the journal: every
 * change is handed to the journal (which must make it durable or throw) before it takes effect, and
 * {@link #replay} rebuilds the state on start. {@code mock://} registry URLs use an instance
 * without a journal (see {@link MockSchemaRegistry}).
 *
 * <p>Thread-safe: all operations are serialised on this object.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

  private final Consumer<RegistryChange> journal;
  private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;

  private record Version(int version, int id) {}

  /** A registry that keeps its state in memory only. */
  public InMemorySchemaRegistry() {
    this(change -> {});
  }

  /**
   * A registry that hands every change to {@code journal} before applying it.
   *
   * @param journal makes a change durable, or throws (then the change does not take effect)
   */
  public InMemorySchemaRegistry(Consumer<RegistryChange> journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /**
   * Applies a change read back from the journal, e.g. on start. Changes already applied are
   * ignored, so replaying a log twice is harmless.
   */
  public synchronized void replay(RegistryChange change) {
    apply(change);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    String canonical = AvroSchemas.canonical(schema);
    Integer existingId = idsByCanonicalSchema.get(canonical);
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    if (existingId != null) {
      for (Version v : versions) {
        if (v.id() == existingId) {
          return existingId;
        }
      }
    }
    CompatibilityLevel level = effectiveLevel(subject);
    List<String> problems = level.incompatibilities(schema, schemasOf(versions));
    if (!problems.isEmpty()) {
      throw new IncompatibleSchemaException(
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems
              + " (compatibility "
              + level
              + ")");
    }
    int id = existingId != null ? existingId : nextId;
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    RegistryChange change = new RegistryChange.SchemaVersionAdded(subject, version, id, canonical);
    journal.accept(change);
    apply(change);
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    List<Version> versions = versionsOf(subject);
    Integer id = idsByCanonicalSchema.get(AvroSchemas.canonical(schema));
    if (id != null) {
      for (Version v : versions) {
        if (v.id() == id) {
          return new RegisteredSchema(subject, v.version(), id, schemasById.get(id));
        }
      }
    }
    throw new SchemaNotFoundException("Schema not found");
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latestVersion(String subject) {
    List<Version> versions = versionsOf(subject);
    Version latest = versions.get(versions.size() - 1);
    return new RegisteredSchema(
        subject, latest.version(), latest.id(), schemasById.get(latest.id()));
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    for (Version v : versionsOf(subject)) {
      if (v.version() == version) {
        return new RegisteredSchema(subject, version, v.id(), schemasById.get(v.id()));
      }
    }
    throw new VersionNotFoundException("Version " + version + " not found.");
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return versionsOf(subject).stream().map(Version::version).toList();
  }

  @Override
  public synchronized CompatibilityCheck checkCompatibility(String subject, Schema schema) {
    List<Version> versions = versionsOf(subject);
    List<String> problems = effectiveLevel(subject).incompatibilities(schema, schemasOf(versions));
    return new CompatibilityCheck(problems.isEmpty(), problems);
  }

  @Override
  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  @Override
  public synchronized CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    RegistryChange change = new RegistryChange.CompatibilityChanged(Optional.empty(), level);
    journal.accept(change);
    apply(change);
    return level;
  }

  @Override
  public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    requireSubject(subject);
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  @Override
  public synchronized CompatibilityLevel setSubjectCompatibility(
      String subject, CompatibilityLevel level) {
    requireSubject(subject);
    RegistryChange change = new RegistryChange.CompatibilityChanged(Optional.of(subject), level);
    journal.accept(change);
    apply(change);
    return level;
  }

  private void apply(RegistryChange change) {
    if (change instanceof RegistryChange.SchemaVersionAdded added) {
      Schema schema = AvroSchemas.parse(added.schema());
      schemasById.putIfAbsent(added.id(), schema);
      idsByCanonicalSchema.putIfAbsent(AvroSchemas.canonical(schema), added.id());
      nextId = Math.max(nextId, added.id() + 1);
      List<Version> versions = subjects.computeIfAbsent(added.subject(), s -> new ArrayList<>());
      boolean known = versions.stream().anyMatch(v -> v.version() == added.version());
      if (!known) {
        versions.add(new Version(added.version(), added.id()));
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
      }
    } else if (change instanceof RegistryChange.CompatibilityChanged changed) {
      if (changed.subject().isPresent()) {
        subjectLevels.put(changed.subject().get(), changed.level());
      } else {
        globalLevel = changed.level();
      }
    }
  }

  private CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private List<Version> versionsOf(String subject) {
    requireSubject(subject);
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SubjectNotFoundException("Subject '" + subject + "' not found.");
    }
    return versions;
  }

  private List<Schema> schemasOf(List<Version> versions) {
    return versions.stream().map(v -> schemasById.get(v.id())).toList();
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("the subject must be a non-empty name");
    }
  }
}
