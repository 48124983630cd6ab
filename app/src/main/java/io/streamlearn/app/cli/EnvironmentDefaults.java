package io.streamlearn.app.cli;

import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes the defaults of the connection options from the environment, so that a container sets them
 * once for every command: {@value #BOOTSTRAP_SERVERS} for {@code --bootstrap-servers} and {@value
 * #SCHEMA_REGISTRY_URL} for {@code --schema-registry-url}. A flag on the command line still wins;
 * other options fall through to the command's own default provider, then its annotations.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

  /** Environment variable giving the default of {@code --bootstrap-servers}. */
  public static final String BOOTSTRAP_SERVERS = "STREAMLEARN_BOOTSTRAP_SERVERS";

  /** Environment variable giving the default of {@code --schema-registry-url}. */
  public static final String SCHEMA_REGISTRY_URL = "STREAMLEARN_SCHEMA_REGISTRY_URL";

  /** Each option read from the environment, by its long name, and its variable. */
  public static final Map<String, String> VARIABLES =
      Map.of(
          "--bootstrap-servers", BOOTSTRAP_SERVERS, "--schema-registry-url", SCHEMA_REGISTRY_URL);

  private final Map<String, String> environment;
  private final IDefaultValueProvider fallback;

  /**
   * @param environment the process environment ({@code System.getenv()}, or a map in tests)
   * @param fallback the command's own provider, or null
   */
  public EnvironmentDefaults(Map<String, String> environment, IDefaultValueProvider fallback) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    this.fallback = fallback;
  }

  @Override
  public String defaultValue(ArgSpec argument) throws Exception {
    if (argument instanceof OptionSpec option) {
      String variable = VARIABLES.get(option.longestName());
      if (variable != null) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          return value.trim();
        }
      }
    }
    return fallback == null ? null : fallback.defaultValue(argument);
  }
}
