package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.platform.registry.IncompatibleSchemaException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.registry.SubjectNames;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** Connects to the Schema Registry and registers a topic's value schema before producing. */
public final class SchemaRegistration {

  private SchemaRegistration() {}

  /**
   * The registry client the settings ask for.
   *
   * @throws IngestException when the settings are invalid
   */
  public static SchemaRegistryClient client(Map<String, Object> registrySettings) {
    try {
      return SchemaRegistryClients.create(registrySettings);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IngestException("the Schema Registry settings are invalid: " + e.getMessage(), e);
    }
  }

  /**
   * Registers the {@code Transaction} and {@code Label} value schemas for the topics (or finds them
   * there) and returns the encoder that writes events with their ids, as every producer of
   * simulated events needs.
   *
   * @param labelsTopic the labels' topic, or null when no labels are produced (the encoder's label
   *     schema id is then 0, never written)
   * @throws IngestException when the registry cannot be reached or refuses a schema
   */
  public static EventWireEncoder eventEncoder(
      ProducerSettings settings, String transactionsTopic, String labelsTopic) {
    SchemaRegistryClient registry = client(settings.registry());
    int transactionId =
        registerValueSchema(
            registry, settings.registryUrl(), transactionsTopic, Transaction.getClassSchema());
    int labelId =
        labelsTopic == null
            ? 0
            : registerValueSchema(
                registry, settings.registryUrl(), labelsTopic, Label.getClassSchema());
    return new EventWireEncoder(transactionId, labelId);
  }

  /**
   * Registers {@code schema} under {@code <topic>-value}, or finds it there.
   *
   * @return the schema id
   * @throws IngestException when the registry cannot be reached or refuses the schema
   */
  public static int registerValueSchema(
      SchemaRegistryClient client, String registryUrl, String topic, Schema schema) {
    String subject = SubjectNames.forTopic(topic, false);
    try {
      return client.register(subject, schema);
    } catch (SchemaRegistryUnavailableException e) {
      throw new IngestException(
          "cannot reach the Schema Registry at " + registryUrl + ": " + e.getMessage(), e);
    } catch (IncompatibleSchemaException e) {
      throw new IngestException(
          "the Schema Registry refuses schema "
              + schema.getFullName()
              + " for subject "
              + subject
              + " as incompatible with the registered versions: "
              + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      throw new IngestException(
          "the Schema Registry at "
              + registryUrl
              + " refuses schema "
              + schema.getFullName()
              + " for subject "
              + subject
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
