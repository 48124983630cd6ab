package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance of the embedded registry's REST API with Confluent's, over raw HTTP: paths, bodies,
 * status codes, error codes and content types, as Confluent's serdes and tools expect them.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SchemaRegistryRestIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = "application/vnd.schemaregistry.v1+json";
  private static final String RECORD_V1 =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
  private static final String RECORD_V2 =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
  private static final String RECORD_BREAKING =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"c\",\"type\":\"int\"}]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestStack stack;
  private String subject;

  record Answer(int status, String contentType, JsonNode body) {}

  @BeforeEach
  void setUp(TestStack stack) {
    this.stack = stack;
    this.subject = stack.uniqueName("rest") + "-value";
  }

  private Answer call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path)).header("Accept", V1);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", V1).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        JSON.readTree(response.body()));
  }

  private static String schemaBody(String schema) throws IOException {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  private int register(String schema) throws Exception {
    Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
    assertThat(answer.status()).isEqualTo(200);
    return answer.body().get("id").asInt();
  }

  @Test
  void shouldRegisterAndReturnTheSameIdForTheSameSchema() throws Exception {
    Answer first = call("POST", "/subjects/" + subject + "/versions", schemaBody(RECORD_V1));
    Answer again = call("POST", "/subjects/" + subject + "/versions", schemaBody(RECORD_V1));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).isEqualTo(V1);
    assertThat(first.body().fieldNames()).toIterable().containsExactly("id");
    assertThat(again.body().get("id").asInt()).isEqualTo(first.body().get("id").asInt());
    assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString())
        .isEqualTo("[1]");
  }

  @Test
  void shouldServeSchemasByIdSubjectsAndVersions() throws Exception {
    int id1 = register(RECORD_V1);
    int id2 = register(RECORD_V2);

    Answer byId = call("GET", "/schemas/ids/" + id2, null);
    Answer latest = call("GET", "/subjects/" + subject + "/versions/latest", null);
    Answer first = call("GET", "/subjects/" + subject + "/versions/1", null);
    Answer rawSchema = call("GET", "/subjects/" + subject + "/versions/1/schema", null);
    Answer subjects = call("GET", "/subjects", null);

    assertThat(byId.status()).isEqualTo(200);
    assertThat(JSON.readTree(byId.body().get("schema").asText()))
        .isEqualTo(JSON.readTree(RECORD_V2));
    assertThat(latest.body().get("subject").asText()).isEqualTo(subject);
    assertThat(latest.body().get("version").asInt()).isEqualTo(2);
    assertThat(latest.body().get("id").asInt()).isEqualTo(id2);
    assertThat(first.body().get("id").asInt()).isEqualTo(id1);
    assertThat(rawSchema.body()).isEqualTo(JSON.readTree(RECORD_V1));
    assertThat(subjects.body()).extracting(JsonNode::asText).contains(subject);
  }

  @Test
  void shouldLookUpARegisteredSchemaUnderItsSubject() throws Exception {
    int id = register(RECORD_V1);

    Answer found = call("POST", "/subjects/" + subject, schemaBody(RECORD_V1));
    Answer missing = call("POST", "/subjects/" + subject, schemaBody(RECORD_V2));

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body().get("id").asInt()).isEqualTo(id);
    assertThat(found.body().get("version").asInt()).isEqualTo(1);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("error_code").asInt()).isEqualTo(40403);
  }

  @Test
  void shouldAnswer40401ForAnUnknownSubject() throws Exception {
    Answer answer = call("GET", "/subjects/nobody-value/versions", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).isEqualTo(V1);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(40401);
    assertThat(answer.body().get("message").asText())
        .isEqualTo("Subject 'nobody-value' not found.");
  }

  @Test
  void shouldAnswer40402ForAnUnknownVersion() throws Exception {
    register(RECORD_V1);

    Answer answer = call("GET", "/subjects/" + subject + "/versions/9", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(40402);
    assertThat(answer.body().get("message").asText()).isEqualTo("Version 9 not found.");
  }

  @Test
  void shouldAnswer42202ForAVersionThatIsNotANumber() throws Exception {
    register(RECORD_V1);

    Answer answer = call("GET", "/subjects/" + subject + "/versions/first", null);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(42202);
  }

  @Test
  void shouldAnswer40403ForAnUnknownSchemaId() throws Exception {
    Answer answer = call("GET", "/schemas/ids/987654", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(40403);
    assertThat(answer.body().get("message").asText()).isEqualTo("Schema 987654 not found");
  }

  @Test
  void shouldAnswer42201ForAnInvalidSchema() throws Exception {
    Answer answer =
        call("POST", "/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\"}"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(42201);
    assertThat(answer.body().get("message").asText()).startsWith("Invalid schema");
  }

  @Test
  void shouldAnswer409ForAnIncompatibleSchema() throws Exception {
    register(RECORD_V1);

    Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(RECORD_BREAKING));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.body().get("error_code").asInt()).isEqualTo(409);
    assertThat(answer.body().get("message").asText())
        .startsWith("Schema being registered is incompatible with an earlier schema");
  }

  @Test
  void shouldCheckCompatibilityAgainstTheLatestVersion() throws Exception {
    register(RECORD_V1);
    String path = "/compatibility/subjects/" + subject + "/versions/latest";

    Answer compatible = call("POST", path, schemaBody(RECORD_V2));
    Answer breaking = call("POST", path + "?verbose=true", schemaBody(RECORD_BREAKING));
    Answer unknownSubject =
        call("POST", "/compatibility/subjects/nobody-value/versions/latest", schemaBody(RECORD_V2));

    assertThat(compatible.status()).isEqualTo(200);
    assertThat(compatible.body().toString()).isEqualTo("{\"is_compatible\":true}");
    assertThat(breaking.body().get("is_compatible").asBoolean()).isFalse();
    assertThat(breaking.body().get("messages").get(0).asText())
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(unknownSubject.body().get("error_code").asInt()).isEqualTo(40401);
  }

  @Test
  void shouldReadAndWriteGlobalAndSubjectCompatibility() throws Exception {
    register(RECORD_V1);

    Answer global = call("GET", "/config", null);
    Answer unset = call("GET", "/config/" + subject, null);
    Answer fallback = call("GET", "/config/" + subject + "?defaultToGlobal=true", null);
    Answer put = call("PUT", "/config/" + subject, "{\"compatibility\":\"none\"}");
    Answer set = call("GET", "/config/" + subject, null);
    Answer invalid = call("PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
    Answer nowAccepted =
        call("POST", "/subjects/" + subject + "/versions", schemaBody(RECORD_BREAKING));

    assertThat(global.body().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    assertThat(unset.status()).isEqualTo(404);
    assertThat(unset.body().get("error_code").asInt()).isEqualTo(40408);
    assertThat(fallback.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(put.body().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
    assertThat(set.body().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42203);
    assertThat(nowAccepted.status()).isEqualTo(200);
  }

  @Test
  void shouldAnswerPlainJsonClientsWithPlainJson() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects"))
                .header("Accept", "application/json")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void shouldRejectMalformedRequestsWithHttpErrorBodies() throws Exception {
    Answer notJson = call("POST", "/subjects/" + subject + "/versions", "not json");
    Answer unknownPath = call("GET", "/nowhere", null);
    Answer wrongMethod = call("DELETE", "/subjects", null);
    HttpResponse<String> wrongType =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(schemaBody(RECORD_V1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().get("error_code").asInt()).isEqualTo(400);
    assertThat(unknownPath.status()).isEqualTo(404);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongType.statusCode()).isEqualTo(415);
  }
}
