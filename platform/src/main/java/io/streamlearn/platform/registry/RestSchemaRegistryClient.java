package io.streamlearn.platform.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistryClient} over Confluent's REST API (java.net.http and Jackson). Every call
 * is one HTTP request: wrap it in a {@link CachingSchemaRegistryClient} (as {@link
 * SchemaRegistryClients#create} does) so that serdes make no request per record.
 *
 * <p>Error bodies ({@code {"error_code":40401,"message":"..."}}) become the typed {@link
 * SchemaRegistryException} subclasses; connection failures and 5xx answers become {@link
 * SchemaRegistryUnavailableException}. With several URLs, a request that cannot connect is retried
 * on the next one. Basic-auth credentials are sent with every request and never logged.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** The media type of the registry's API, version 1. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistryClientConfig config;
  private final HttpClient http;
  private final Optional<String> authorization;

  /** A client for the registry the configuration names. */
  public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    if (config.isMock()) {
      throw new IllegalArgumentException(
          "mock:// URLs name an in-memory registry; use SchemaRegistryClients.create");
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    config.sslContext().ifPresent(builder::sslContext);
    this.http = builder.build();
    this.authorization =
        config
            .userInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  /** The configuration of this client. */
  public SchemaRegistryClientConfig config() {
    return config;
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode answer =
        send("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema));
    return requiredInt(answer, "id", "register");
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer = send("POST", "/subjects/" + segment(subject), schemaBody(schema));
    return registeredSchema(answer, subject);
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    requireAvro(answer);
    return AvroSchemas.parse(requiredText(answer, "schema", "schema by id"));
  }

  @Override
  public RegisteredSchema latestVersion(String subject) {
    return registeredSchema(
        send("GET", "/subjects/" + segment(subject) + "/versions/latest", null), subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registeredSchema(
        send("GET", "/subjects/" + segment(subject) + "/versions/" + version, null), subject);
  }

  @Override
  public List<String> subjects() {
    JsonNode answer = send("GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    answer.forEach(node -> subjects.add(node.asText()));
    subjects.sort(null);
    return List.copyOf(subjects);
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer = send("GET", "/subjects/" + segment(subject) + "/versions", null);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(node -> versions.add(node.asInt()));
    return List.copyOf(versions);
  }

  @Override
  public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/compatibility/subjects/" + segment(subject) + "/versions/latest?verbose=true",
            schemaBody(schema));
    JsonNode compatible = answer.get("is_compatible");
    if (compatible == null || !compatible.isBoolean()) {
      throw malformed("compatibility check", answer);
    }
    List<String> messages = new ArrayList<>();
    JsonNode details = answer.get("messages");
    if (details != null) {
      details.forEach(node -> messages.add(node.asText()));
    }
    return new CompatibilityCheck(compatible.booleanValue(), messages);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return CompatibilityLevel.parse(
        requiredText(send("GET", "/config", null), "compatibilityLevel", "global config"));
  }

  @Override
  public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    return CompatibilityLevel.parse(
        requiredText(send("PUT", "/config", configBody(level)), "compatibility", "config update"));
  }

  @Override
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    try {
      JsonNode answer = send("GET", "/config/" + segment(subject), null);
      return Optional.of(
          CompatibilityLevel.parse(requiredText(answer, "compatibilityLevel", "subject config")));
    } catch (SubjectCompatibilityNotConfiguredException | SubjectNotFoundException none) {
      // 40408 on current registries; 40401 on registries before Confluent Platform 7
      return Optional.empty();
    }
  }

  @Override
  public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
    return CompatibilityLevel.parse(
        requiredText(
            send("PUT", "/config/" + segment(subject), configBody(level)),
            "compatibility",
            "config update"));
  }

  private JsonNode send(String method, String pathAndQuery, ObjectNode body) {
    String payload;
    try {
      payload = body == null ? null : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a registry request as JSON", e);
    }
    IOException lastFailure = null;
    for (URI base : config.urls()) {
      URI target = URI.create(base.toString() + pathAndQuery);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target).timeout(config.requestTimeout()).header("Accept", ACCEPT);
      authorization.ifPresent(value -> request.header("Authorization", value));
      if (payload == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", CONTENT_TYPE)
            .method(method, HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
      }
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.debug("Schema Registry {} {} failed: {}", method, target, e.toString());
        lastFailure = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryUnavailableException(
            "Interrupted while waiting for the Schema Registry at " + base, e);
      }
      return answer(method, base, pathAndQuery, response);
    }
    throw new SchemaRegistryUnavailableException(
        "Cannot reach the Schema Registry at " + config.urls() + " (" + describe(lastFailure) + ")",
        lastFailure);
  }

  private static JsonNode answer(
      String method, URI base, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      try {
        return JSON.readTree(text.isEmpty() ? "{}" : text);
      } catch (JsonProcessingException e) {
        throw new SchemaRegistryException(
            status,
            status,
            text,
            "The Schema Registry at "
                + base
                + " answered "
                + method
                + " "
                + path
                + " with non-JSON",
            e);
      }
    }
    int errorCode = status;
    String registryMessage = text.isBlank() ? "HTTP " + status : abbreviate(text);
    try {
      JsonNode error = JSON.readTree(text);
      if (error != null && error.has("error_code")) {
        errorCode = error.get("error_code").asInt(status);
      }
      if (error != null && error.hasNonNull("message")) {
        registryMessage = error.get("message").asText();
      }
    } catch (JsonProcessingException notJson) {
      // a proxy or load balancer answered; keep its text
    }
    String context =
        status == 401 || status == 403
            ? "The Schema Registry at "
                + base
                + " rejected the credentials (HTTP "
                + status
                + ") for "
                + method
                + " "
                + path
            : "The Schema Registry at "
                + base
                + " answered "
                + method
                + " "
                + path
                + " with HTTP "
                + status
                + " (error "
                + errorCode
                + "): "
                + registryMessage;
    return throwError(status, errorCode, registryMessage, context);
  }

  private static JsonNode throwError(int status, int code, String registryMessage, String context) {
    throw SchemaRegistryException.fromErrorBody(status, code, registryMessage, context);
  }

  private static ObjectNode schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", AvroSchemas.canonical(schema));
    return body;
  }

  private static ObjectNode configBody(CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level.name());
    return body;
  }

  private static void requireAvro(JsonNode answer) {
    JsonNode type = answer.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new InvalidSchemaException(
          type.asText() + " schema",
          "The registry holds a " + type.asText() + " schema there; streamlearn reads Avro only");
    }
  }

  private static RegisteredSchema registeredSchema(JsonNode answer, String subject) {
    requireAvro(answer);
    return new RegisteredSchema(
        answer.hasNonNull("subject") ? answer.get("subject").asText() : subject,
        requiredInt(answer, "version", "subject version"),
        requiredInt(answer, "id", "subject version"),
        AvroSchemas.parse(requiredText(answer, "schema", "subject version")));
  }

  private static int requiredInt(JsonNode answer, String field, String what) {
    JsonNode node = answer.get(field);
    if (node == null || !node.canConvertToInt()) {
      throw malformed(what, answer);
    }
    return node.intValue();
  }

  private static String requiredText(JsonNode answer, String field, String what) {
    JsonNode node = answer.get(field);
    if (node == null || !node.isTextual()) {
      throw malformed(what, answer);
    }
    return node.asText();
  }

  private static SchemaRegistryException malformed(String what, JsonNode answer) {
    String text = abbreviate(answer.toString());
    return new SchemaRegistryException(
        200,
        200,
        text,
        "The Schema Registry's answer to the " + what + " is malformed: " + text,
        null);
  }

  private static String segment(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("the subject must be a non-empty name");
    }
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(IOException failure) {
    if (failure == null) {
      return "no URL";
    }
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }
}
