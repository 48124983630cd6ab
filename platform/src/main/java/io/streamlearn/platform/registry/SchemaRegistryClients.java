package io.streamlearn.platform.registry;

import java.util.Map;

/** Builds the client a configuration asks for. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * A caching REST client for {@code http(s)://} URLs, or the shared in-memory registry of the
   * scope for a {@code mock://<scope>} URL.
   */
  public static SchemaRegistryClient create(SchemaRegistryClientConfig config) {
    if (config.isMock()) {
      return MockSchemaRegistry.forScope(
          MockSchemaRegistry.scopeOf(config.urls().get(0).toString()));
    }
    return new CachingSchemaRegistryClient(
        new RestSchemaRegistryClient(config), config.latestCacheTtl());
  }

  /** As {@link #create(SchemaRegistryClientConfig)}, from Confluent client properties. */
  public static SchemaRegistryClient create(Map<String, ?> properties) {
    return create(SchemaRegistryClientConfig.fromProperties(properties));
  }
}
