package io.streamlearn.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private static final Schema SCHEMA = InMemorySchemaRegistryTest.V1;
  private static final String SCHEMA_JSON;

  static {
    try {
      SCHEMA_JSON = new ObjectMapper().writeValueAsString(SCHEMA.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private RegistryStub stub;

  @BeforeEach
  void start() throws IOException {
    stub = new RegistryStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stub.url()));
  }

  @Test
  void shouldRegisterWithTheRegistryMediaTypeAndSchemaBody() throws IOException {
    stub.answer("POST /subjects/t-value/versions", 200, "{\"id\":7}");

    int id = client().register("t-value", SCHEMA);

    assertThat(id).isEqualTo(7);
    RegistryStub.Request request = stub.requests.get(0);
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
        .isEqualTo(SCHEMA.toString());
    assertThat(request.authorization()).isNull();
  }

  @Test
  void shouldReadSchemasVersionsSubjectsAndConfig() {
    stub.answer("GET /schemas/ids/7", 200, "{\"schema\":" + SCHEMA_JSON + "}")
        .answer(
            "GET /subjects/t-value/versions/latest",
            200,
            "{\"subject\":\"t-value\",\"version\":2,\"id\":7,\"schema\":" + SCHEMA_JSON + "}")
        .answer("GET /subjects", 200, "[\"b-value\",\"a-value\"]")
        .answer("GET /subjects/t-value/versions", 200, "[1,2]")
        .answer("GET /config", 200, "{\"compatibilityLevel\":\"FULL\"}")
        .answer("PUT /config/t-value", 200, "{\"compatibility\":\"NONE\"}")
        .answer(
            "POST /compatibility/subjects/t-value/versions/latest?verbose=true",
            200,
            "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}");
    RestSchemaRegistryClient client = client();

    assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
    assertThat(client.latestVersion("t-value"))
        .isEqualTo(new RegisteredSchema("t-value", 2, 7, SCHEMA));
    assertThat(client.subjects()).containsExactly("a-value", "b-value");
    assertThat(client.versions("t-value")).containsExactly(1, 2);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.setSubjectCompatibility("t-value", CompatibilityLevel.NONE))
        .isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.checkCompatibility("t-value", SCHEMA))
        .isEqualTo(
            new CompatibilityCheck(false, java.util.List.of("READER_FIELD_MISSING_DEFAULT_VALUE")));
  }

  @Test
  void shouldMapConfluentErrorBodiesToTypedExceptions() {
    stub.answer(
            "GET /subjects/nope/versions/latest",
            404,
            "{\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}")
        .answer(
            "GET /subjects/t-value/versions/9",
            404,
            "{\"error_code\":40402,\"message\":\"Version 9 not found.\"}")
        .answer(
            "GET /schemas/ids/5", 404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}")
        .answer(
            "POST /subjects/t-value/versions",
            409,
            "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}")
        .answer(
            "POST /subjects/u-value/versions",
            422,
            "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
    RestSchemaRegistryClient client = client();

    assertThatThrownBy(() -> client.latestVersion("nope"))
        .isInstanceOf(SubjectNotFoundException.class)
        .hasMessage(
            "The Schema Registry at "
                + stub.url()
                + " answered GET /subjects/nope/versions/latest with HTTP 404 (error 40401):"
                + " Subject 'nope' not found.");
    assertThatThrownBy(() -> client.version("t-value", 9))
        .isInstanceOf(VersionNotFoundException.class);
    assertThatThrownBy(() -> client.schemaById(5))
        .isInstanceOf(SchemaNotFoundException.class)
        .extracting(e -> ((SchemaRegistryException) e).registryMessage())
        .isEqualTo("Schema 5 not found");
    assertThatThrownBy(() -> client.register("t-value", SCHEMA))
        .isInstanceOf(IncompatibleSchemaException.class);
    assertThatThrownBy(() -> client.register("u-value", SCHEMA))
        .isInstanceOf(InvalidSchemaException.class);
  }

  @Test
  void shouldReadAMissingSubjectLevelAsFollowingTheGlobalLevel() {
    stub.answer(
        "GET /config/t-value",
        404,
        "{\"error_code\":40408,\"message\":\"Subject 't-value' does not have subject-level"
            + " compatibility configured\"}");

    assertThat(client().subjectCompatibility("t-value")).isEmpty();
  }

  @Test
  void shouldTreatServerErrorsAsUnavailable() {
    stub.answer("GET /schemas/ids/1", 500, "{\"error_code\":50001,\"message\":\"Store error\"}");

    assertThatThrownBy(() -> client().schemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("HTTP 500 (error 50001): Store error");
  }

  @Test
  void shouldReportAnUnreachableRegistryWithItsUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    assertThatThrownBy(
            () -> new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(url)).schemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageStartingWith("Cannot reach the Schema Registry at [" + url + "]");
  }

  @Test
  void shouldFailOverToTheNextUrlWhenOneCannotBeReached() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    stub.answer("GET /schemas/ids/7", 200, "{\"schema\":" + SCHEMA_JSON + "}");
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(
            Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort + "," + stub.url()));

    assertThat(new RestSchemaRegistryClient(config).schemaById(7)).isEqualTo(SCHEMA);
  }

  @Test
  void shouldSendBasicAuthCredentialsAndNeverShowThem() {
    stub.answer("GET /subjects", 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(
            Map.of(
                "schema.registry.url", stub.url(),
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3cret"));

    assertThatThrownBy(() -> new RestSchemaRegistryClient(config).subjects())
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "The Schema Registry at "
                + stub.url()
                + " rejected the credentials (HTTP 401) for GET /subjects")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(stub.requests.get(0).authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(config.toString()).doesNotContain("s3cret").contains("basicAuth=[hidden]");
  }

  @Test
  void shouldTakeCredentialsFromTheUrlAndStripThemFromIt() {
    stub.answer("GET /subjects", 200, "[]");
    String withCredentials = stub.url().replace("http://", "http://bob:pa%24s@");
    SchemaRegistryClientConfig config =
        SchemaRegistryClientConfig.fromProperties(Map.of("schema.registry.url", withCredentials));

    new RestSchemaRegistryClient(config).subjects();

    assertThat(config.urls().get(0).toString()).isEqualTo(stub.url());
    assertThat(stub.requests.get(0).authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("bob:pa$s".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldEncodeSubjectNamesInPaths() {
    stub.answer("GET /subjects/odd%20name%2Fx/versions", 200, "[1]");

    assertThat(client().versions("odd name/x")).containsExactly(1);
  }

  @Test
  void shouldCostNoRoundTripPerRecordAfterWarmUp() {
    stub.answer("POST /subjects/t-value/versions", 200, "{\"id\":7}")
        .answer("GET /schemas/ids/7", 200, "{\"schema\":" + SCHEMA_JSON + "}")
        .answer(
            "GET /subjects/t-value/versions/latest",
            200,
            "{\"subject\":\"t-value\",\"version\":1,\"id\":7,\"schema\":" + SCHEMA_JSON + "}");
    SchemaRegistryClient cached =
        SchemaRegistryClients.create(SchemaRegistryClientConfig.of(stub.url()));

    for (int i = 0; i < 1000; i++) {
      assertThat(cached.register("t-value", SCHEMA)).isEqualTo(7);
      assertThat(cached.schemaById(7)).isEqualTo(SCHEMA);
      assertThat(cached.latestVersion("t-value").id()).isEqualTo(7);
    }

    assertThat(stub.count("POST /subjects/t-value/versions")).isEqualTo(1);
    assertThat(stub.count("GET /schemas/ids/7")).isZero(); // known from the registration
    assertThat(stub.count("GET /subjects/t-value/versions/latest")).isEqualTo(1);
    assertThat(stub.requests).hasSize(2);
  }

  @Test
  void shouldRefreshTheLatestVersionAfterItsTimeToLive() {
    stub.answer(
        "GET /subjects/t-value/versions/latest",
        200,
        "{\"subject\":\"t-value\",\"version\":1,\"id\":7,\"schema\":" + SCHEMA_JSON + "}");
    AtomicLong nanos = new AtomicLong();
    SchemaRegistryClient cached =
        new CachingSchemaRegistryClient(client(), Duration.ofSeconds(30), nanos::get);

    cached.latestVersion("t-value");
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    cached.latestVersion("t-value");
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    cached.latestVersion("t-value");

    assertThat(stub.count("GET /subjects/t-value/versions/latest")).isEqualTo(2);
  }

  @Test
  void shouldNotCacheFailures() {
    stub.answer(
        "GET /schemas/ids/5", 404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}");
    SchemaRegistryClient cached =
        SchemaRegistryClients.create(SchemaRegistryClientConfig.of(stub.url()));

    assertThatThrownBy(() -> cached.schemaById(5)).isInstanceOf(SchemaNotFoundException.class);
    stub.answer("GET /schemas/ids/5", 200, "{\"schema\":" + SCHEMA_JSON + "}");

    assertThat(cached.schemaById(5)).isEqualTo(SCHEMA);
  }
}
