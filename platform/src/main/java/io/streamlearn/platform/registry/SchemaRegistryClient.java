package io.streamlearn.platform.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The Schema Registry operations streamlearn needs, with Confluent's semantics. Implemented over
 * the REST API ({@link RestSchemaRegistryClient}, usually behind a {@link
 * CachingSchemaRegistryClient}) and in memory ({@link InMemorySchemaRegistry}, which the embedded
 * registry serves and {@code mock://} URLs use).
 *
 * <p>Every method throws a {@link SchemaRegistryException} subclass on failure: {@link
 * SubjectNotFoundException}, {@link VersionNotFoundException}, {@link SchemaNotFoundException},
 * {@link InvalidSchemaException}, {@link IncompatibleSchemaException}, or {@link
 * SchemaRegistryUnavailableException} when the registry cannot be reached.
 */
public interface SchemaRegistryClient {

  /**
   * Registers a schema under a subject, or finds it when already registered there; a schema
   * registered under another subject keeps its id.
   *
   * @return the registry-wide schema id
   * @throws IncompatibleSchemaException when the schema breaks the subject's compatibility level
   */
  int register(String subject, Schema schema);

  /**
   * Looks a schema up under a subject without registering it.
   *
   * @throws SubjectNotFoundException when the subject does not exist
   * @throws SchemaNotFoundException when the subject does not hold this schema
   */
  RegisteredSchema lookup(String subject, Schema schema);

  /**
   * The schema with a registry-wide id, as the deserializer needs for the wire format.
   *
   * @throws SchemaNotFoundException when no schema has this id
   */
  Schema schemaById(int id);

  /** The latest version of a subject. */
  RegisteredSchema latestVersion(String subject);

  /** One version of a subject. */
  RegisteredSchema version(String subject, int version);

  /** All subjects, sorted. */
  List<String> subjects();

  /** The versions of a subject, ascending. */
  List<Integer> versions(String subject);

  /**
   * Whether the schema could be registered under the subject, checked against the latest version
   * (and every version for the transitive levels).
   *
   * @throws SubjectNotFoundException when the subject does not exist (Confluent's behaviour)
   */
  CompatibilityCheck checkCompatibility(String subject, Schema schema);

  /** The global compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** Sets the global compatibility level and returns it. */
  CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level);

  /** The subject's own compatibility level, empty when it follows the global one. */
  Optional<CompatibilityLevel> subjectCompatibility(String subject);

  /** Sets the subject's own compatibility level and returns it. */
  CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level);
}
