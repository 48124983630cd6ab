package io.streamlearn.platform.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * Caches the answers serdes ask for on every record, so that after warm-up a record costs no round
 * trip:
 *
 * <ul>
 *   <li>schema by id, and (subject, schema) to id: immutable in a registry, cached for good;
 *   <li>a subject's fixed versions: immutable, cached for good;
 *   <li>a subject's latest version: cached for the configured time to live, or until this client
 *       registers a new version of the subject.
 * </ul>
 *
 * Listings, compatibility checks and configuration are administrative and always go to the
 * registry. Failures are not cached. Thread-safe.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Duration latestTtl;
  private final LongSupplier nanoClock;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
  private final Map<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();
  private final Map<String, Timed> latest = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, String canonicalSchema) {}

  /**
   * A subject and a schema <em>instance</em>: serializers pass the same {@code Schema} object for
   * every record (a generated class's {@code SCHEMA$}), and its canonical form, which keys the
   * caches, costs a JSON rendering of the whole schema: computed per record it took a third of the
   * model stage's scoring thread. Compared by identity; at most {@link #MAX_INSTANCES} are kept.
   */
  private record SchemaInstance(String subject, Schema schema) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SchemaInstance other
          && other.schema == schema
          && other.subject.equals(subject);
    }

    @Override
    public int hashCode() {
      return 31 * subject.hashCode() + System.identityHashCode(schema);
    }
  }

  /** Schema instances whose canonical key is remembered, before that cache starts afresh. */
  static final int MAX_INSTANCES = 1_024;

  private final Map<SchemaInstance, SubjectSchema> keys = new ConcurrentHashMap<>();

  private record SubjectVersion(String subject, int version) {}

  private record Timed(RegisteredSchema value, long fetchedAtNanos) {}

  /**
   * @param delegate the client that answers cache misses
   * @param latestTtl how long a latest-version answer stays fresh; zero or negative keeps it until
   *     this client registers a new version of the subject
   */
  public CachingSchemaRegistryClient(SchemaRegistryClient delegate, Duration latestTtl) {
    this(delegate, latestTtl, System::nanoTime);
  }

  /** As above, with the clock injected (for tests of the time to live). */
  public CachingSchemaRegistryClient(
      SchemaRegistryClient delegate, Duration latestTtl, LongSupplier nanoClock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.latestTtl = Objects.requireNonNull(latestTtl, "latestTtl");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  private SubjectSchema key(String subject, Schema schema) {
    SchemaInstance instance = new SchemaInstance(subject, schema);
    SubjectSchema key = keys.get(instance);
    if (key == null) {
      key = new SubjectSchema(subject, AvroSchemas.canonical(schema));
      if (keys.size() >= MAX_INSTANCES) {
        keys.clear(); // schemas built per record (generic data): do not grow without bound
      }
      keys.put(instance, key);
    }
    return key;
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = key(subject, schema);
    Integer cached = registeredIds.get(key);
    if (cached != null) {
      return cached;
    }
    int id = delegate.register(subject, schema);
    registeredIds.put(key, id);
    schemasById.putIfAbsent(id, schema);
    latest.remove(subject);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = key(subject, schema);
    RegisteredSchema cached = lookups.get(key);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema found = delegate.lookup(subject, schema);
    lookups.put(key, found);
    registeredIds.putIfAbsent(key, found.id());
    schemasById.putIfAbsent(found.id(), found.schema());
    return found;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = delegate.schemaById(id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public RegisteredSchema latestVersion(String subject) {
    Timed cached = latest.get(subject);
    if (cached != null && fresh(cached)) {
      return cached.value();
    }
    RegisteredSchema found = delegate.latestVersion(subject);
    latest.put(subject, new Timed(found, nanoClock.getAsLong()));
    versions.putIfAbsent(new SubjectVersion(subject, found.version()), found);
    schemasById.putIfAbsent(found.id(), found.schema());
    return found;
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    SubjectVersion key = new SubjectVersion(subject, version);
    RegisteredSchema cached = versions.get(key);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema found = delegate.version(subject, version);
    versions.put(key, found);
    schemasById.putIfAbsent(found.id(), found.schema());
    return found;
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
    return delegate.checkCompatibility(subject, schema);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return delegate.globalCompatibility();
  }

  @Override
  public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    return delegate.setGlobalCompatibility(level);
  }

  @Override
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return delegate.subjectCompatibility(subject);
  }

  @Override
  public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
    return delegate.setSubjectCompatibility(subject, level);
  }

  private boolean fresh(Timed entry) {
    if (latestTtl.isZero() || latestTtl.isNegative()) {
      return true;
    }
    return nanoClock.getAsLong() - entry.fetchedAtNanos() < latestTtl.toNanos();
  }
}
