package io.streamlearn.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind TLS and basic auth, as users run it in production: the client trusts it through
 * {@code schema.registry.ssl.truststore.*} and authenticates with {@code basic.auth.user.info}. The
 * certificate is made with the JDK's keytool.
 */
class TlsRegistryConnectionTest {

  private static final String USER_INFO = "svc-streamlearn:pa55word";

  @TempDir Path dir;

  private HttpsServer server;
  private Path trustStore;

  @BeforeEach
  void startHttpsRegistry() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path certificate = dir.resolve("registry.crt");
    trustStore = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "server-secret",
        "-keypass",
        "server-secret");
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "server-secret",
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        "trust-secret");

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, "server-secret".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "server-secret".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    String expected =
        "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/subjects",
        exchange -> {
          boolean authorized =
              expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              (authorized
                      ? "[\"secure-value\"]"
                      : "{\"error_code\":401,\"message\":\"Unauthorized\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void shouldTrustTheRegistryThroughTheConfiguredTrustStoreAndAuthenticate() {
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(
            Map.of(
                "schema.registry.url",
                url(),
                "schema.registry.ssl.truststore.location",
                trustStore.toString(),
                "schema.registry.ssl.truststore.password",
                "trust-secret",
                "schema.registry.ssl.truststore.type",
                "PKCS12",
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                USER_INFO));

    assertThat(new RestSchemaRegistryClient(config).subjects()).containsExactly("secure-value");
    assertThat(config.toString()).doesNotContain("pa55word").doesNotContain("trust-secret");
  }

  @Test
  void shouldReportAnUntrustedCertificateAsUnreachable() {
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(Map.of("schema.registry.url", url()));

    assertThatThrownBy(() -> new RestSchemaRegistryClient(config).subjects())
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageStartingWith(
            "Cannot reach the Schema Registry at [" + url() + "] (SSLHandshakeException");
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
