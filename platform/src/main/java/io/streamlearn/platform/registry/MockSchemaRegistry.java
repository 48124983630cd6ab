package io.streamlearn.platform.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory registries for {@code mock://<scope>} URLs, as Confluent's serdes offer them: every
 * serde configured with {@code schema.registry.url=mock://my-test} shares the registry of scope
 * {@code my-test}. Meant for tests that configure serdes through properties (e.g. a {@code
 * TopologyTestDriver} with {@code default.value.serde}); code that can pass a client should pass an
 * {@link InMemorySchemaRegistry} instead.
 */
public final class MockSchemaRegistry {

  /** The URL scheme that selects a mock registry. */
  public static final String SCHEME = "mock://";

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private MockSchemaRegistry() {}

  /** The registry of a scope, created on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  /** Forgets a scope, so that the next use starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  /** The scope named by a {@code mock://} URL. */
  public static String scopeOf(String url) {
    if (!url.startsWith(SCHEME)) {
      throw new IllegalArgumentException("not a mock:// registry URL: " + url);
    }
    String scope = url.substring(SCHEME.length());
    return scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
  }
}
