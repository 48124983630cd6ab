package io.streamlearn.platform.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a Schema Registry: its URLs, credentials, TLS and timeouts. Built from the usual
 * Confluent client properties with {@link #fromProperties}, or directly.
 *
 * <p>Credentials never appear in {@link #toString()} or in error messages.
 *
 * @param urls one or more registry URLs ({@code http}, {@code https} or {@code mock}); requests go
 *     to the first that answers
 * @param userInfo {@code user:password} for HTTP basic authentication, if any
 * @param sslContext the TLS context for {@code https} URLs; empty means the JVM default (configured
 *     with the {@code javax.net.ssl.*} system properties)
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer
 * @param latestCacheTtl how long "latest version of a subject" answers are cached; {@link
 *     Duration#ZERO} or negative caches them until this client registers a new version itself
 */
public record SchemaRegistryClientConfig(
    List<URI> urls,
    Optional<String> userInfo,
    Optional<SSLContext> sslContext,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration latestCacheTtl) {

  /** Comma-separated registry URLs. */
  public static final String URL = "schema.registry.url";

  /** Where the basic-auth credentials come from: {@code USER_INFO} or {@code URL}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} for basic authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Confluent's older name for {@link #BASIC_AUTH_USER_INFO}. */
  public static final String LEGACY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";

  /** Trust store for {@code https} registries. */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Key store, for registries that require client certificates. */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The client's keys, each with its type, default and documentation. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              URL,
              Type.LIST,
              null,
              Importance.HIGH,
              "Comma-separated Schema Registry URLs (http, https, or mock://<scope> for an"
                  + " in-memory registry shared per scope).")
          .define(
              BASIC_AUTH_CREDENTIALS_SOURCE,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "USER_INFO to use basic.auth.user.info, URL to use the user info of the URL; empty"
                  + " uses whichever is present.")
          .define(
              BASIC_AUTH_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "user:password for HTTP basic authentication.")
          .define(
              LEGACY_BASIC_AUTH_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.LOW,
              "Older name of basic.auth.user.info.")
          .define(
              SSL_TRUSTSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Trust store for https registries; unset uses the JVM default (javax.net.ssl.*).")
          .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Its password.")
          .define(
              SSL_TRUSTSTORE_TYPE,
              Type.STRING,
              KeyStore.getDefaultType(),
              Importance.LOW,
              "Trust store type.")
          .define(
              SSL_KEYSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Key store with the client certificate, for registries that require one.")
          .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Its password.")
          .define(
              SSL_KEYSTORE_TYPE,
              Type.STRING,
              KeyStore.getDefaultType(),
              Importance.LOW,
              "Key store type.")
          .define(
              SSL_KEY_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.LOW,
              "Password of the key (defaults to the key store password).")
          .define(
              CONNECT_TIMEOUT_MS,
              Type.INT,
              (int) DEFAULT_CONNECT_TIMEOUT.toMillis(),
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Connection timeout, milliseconds.")
          .define(
              READ_TIMEOUT_MS,
              Type.INT,
              (int) DEFAULT_REQUEST_TIMEOUT.toMillis(),
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Request timeout, milliseconds.")
          .define(
              LATEST_CACHE_TTL_SEC,
              Type.LONG,
              -1L,
              Importance.LOW,
              "Seconds a 'latest version' answer is cached; -1 caches it until this client"
                  + " registers a new version.");

  public SchemaRegistryClientConfig {
    Objects.requireNonNull(urls, "urls");
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one Schema Registry URL is required");
    }
    for (URI url : urls) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("mock")) {
        throw new IllegalArgumentException(
            "Schema Registry URL " + url + " must start with http://, https:// or mock://");
      }
    }
    Objects.requireNonNull(userInfo, "userInfo");
    userInfo.ifPresent(SchemaRegistryClientConfig::checkUserInfo);
    Objects.requireNonNull(sslContext, "sslContext");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(latestCacheTtl, "latestCacheTtl");
  }

  /** A client of one registry URL, without credentials, with the default timeouts. */
  public static SchemaRegistryClientConfig of(String url) {
    return new SchemaRegistryClientConfig(
        parseUrls(List.of(url)),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        Duration.ofSeconds(-1));
  }

  /** The same settings with basic-auth credentials ({@code user:password}). */
  public SchemaRegistryClientConfig withBasicAuth(String userInfo) {
    return new SchemaRegistryClientConfig(
        urls, Optional.of(userInfo), sslContext, connectTimeout, requestTimeout, latestCacheTtl);
  }

  /** The same settings with a TLS context for {@code https} registries. */
  public SchemaRegistryClientConfig withSslContext(SSLContext context) {
    return new SchemaRegistryClientConfig(
        urls, userInfo, Optional.of(context), connectTimeout, requestTimeout, latestCacheTtl);
  }

  /** True when the URL selects an in-memory {@code mock://} registry. */
  public boolean isMock() {
    return "mock".equalsIgnoreCase(urls.get(0).getScheme());
  }

  /**
   * Reads the Confluent client properties ({@value #URL}, {@value #BASIC_AUTH_USER_INFO}, the
   * {@code schema.registry.ssl.*} stores, timeouts). Unknown keys are ignored, so a producer's or
   * consumer's whole configuration can be passed.
   *
   * @throws ConfigException with a one-sentence message when a value is missing or invalid
   */
  public static SchemaRegistryClientConfig fromProperties(Map<String, ?> properties) {
    Map<String, Object> parsed = CONFIG_DEF.parse(properties);
    @SuppressWarnings("unchecked")
    List<String> rawUrls = (List<String>) parsed.get(URL);
    if (rawUrls == null || rawUrls.isEmpty()) {
      throw new ConfigException(URL + " is required: set it to the Schema Registry URL");
    }
    List<URI> withCredentials;
    try {
      withCredentials = parseUrls(rawUrls);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    String source =
        ((String) parsed.get(BASIC_AUTH_CREDENTIALS_SOURCE)).trim().toUpperCase(Locale.ROOT);
    Password userInfoPassword = (Password) parsed.get(BASIC_AUTH_USER_INFO);
    if (userInfoPassword == null) {
      userInfoPassword = (Password) parsed.get(LEGACY_BASIC_AUTH_USER_INFO);
    }
    Optional<String> fromProperty = Optional.ofNullable(userInfoPassword).map(Password::value);
    Optional<String> fromUrl =
        withCredentials.stream().map(URI::getRawUserInfo).filter(Objects::nonNull).findFirst();
    Optional<String> userInfo =
        switch (source) {
          case "USER_INFO" -> {
            if (fromProperty.isEmpty()) {
              throw new ConfigException(
                  BASIC_AUTH_CREDENTIALS_SOURCE
                      + "=USER_INFO needs "
                      + BASIC_AUTH_USER_INFO
                      + " set to user:password");
            }
            yield fromProperty;
          }
          case "URL" -> fromUrl.map(SchemaRegistryClientConfig::decodeUserInfo);
          case "" -> fromProperty.or(() -> fromUrl.map(SchemaRegistryClientConfig::decodeUserInfo));
          default ->
              throw new ConfigException(
                  BASIC_AUTH_CREDENTIALS_SOURCE,
                  source,
                  "supported credential sources are USER_INFO and URL");
        };
    try {
      return new SchemaRegistryClientConfig(
          withCredentials.stream().map(SchemaRegistryClientConfig::withoutUserInfo).toList(),
          userInfo,
          sslContextFrom(parsed),
          Duration.ofMillis((Integer) parsed.get(CONNECT_TIMEOUT_MS)),
          Duration.ofMillis((Integer) parsed.get(READ_TIMEOUT_MS)),
          Duration.ofSeconds((Long) parsed.get(LATEST_CACHE_TTL_SEC)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Invalid Schema Registry client settings: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SchemaRegistryClientConfig[urls="
        + urls
        + ", basicAuth="
        + (userInfo.isPresent() ? "[hidden]" : "none")
        + ", ssl="
        + (sslContext.isPresent() ? "custom" : "jvm-default")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", latestCacheTtl="
        + latestCacheTtl
        + "]";
  }

  private static List<URI> parseUrls(List<String> raw) {
    return raw.stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(
            s -> {
              try {
                URI uri = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
                if (!"mock".equalsIgnoreCase(uri.getScheme()) && uri.getHost() == null) {
                  throw new IllegalArgumentException(
                      "Schema Registry URL '" + redact(s) + "' has no host");
                }
                return uri;
              } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                    "Schema Registry URL '" + redact(s) + "' is not a valid URL");
              }
            })
        .toList();
  }

  private static String redact(String url) {
    return url.replaceAll("//[^/@]*@", "//[hidden]@");
  }

  private static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(
          uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Schema Registry URL cannot be rebuilt without user info");
    }
  }

  private static String decodeUserInfo(String rawUserInfo) {
    return java.net.URLDecoder.decode(rawUserInfo, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void checkUserInfo(String userInfo) {
    if (userInfo.indexOf(':') < 0) {
      throw new IllegalArgumentException(
          "basic-auth user info must have the form user:password (the value is not shown)");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }

  private static Optional<SSLContext> sslContextFrom(Map<String, Object> parsed) {
    String trustStore = (String) parsed.get(SSL_TRUSTSTORE_LOCATION);
    String keyStore = (String) parsed.get(SSL_KEYSTORE_LOCATION);
    if (trustStore == null && keyStore == null) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory tmf = null;
      if (trustStore != null) {
        KeyStore store =
            load(
                trustStore,
                (String) parsed.get(SSL_TRUSTSTORE_TYPE),
                (Password) parsed.get(SSL_TRUSTSTORE_PASSWORD),
                SSL_TRUSTSTORE_LOCATION);
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
      }
      KeyManagerFactory kmf = null;
      if (keyStore != null) {
        Password storePassword = (Password) parsed.get(SSL_KEYSTORE_PASSWORD);
        KeyStore store =
            load(
                keyStore,
                (String) parsed.get(SSL_KEYSTORE_TYPE),
                storePassword,
                SSL_KEYSTORE_LOCATION);
        Password keyPassword = (Password) parsed.get(SSL_KEY_PASSWORD);
        Password effective = keyPassword != null ? keyPassword : storePassword;
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, effective == null ? new char[0] : effective.value().toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "Cannot build the TLS context for the Schema Registry: " + e.getMessage());
    }
  }

  private static KeyStore load(String location, String type, Password password, String key) {
    Path path = Path.of(location);
    if (!Files.isReadable(path)) {
      throw new ConfigException(key, location, "the file does not exist or cannot be read");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.value().toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          key, location, "cannot be loaded as a " + type + " store: " + e.getMessage());
    }
  }
}
