package io.streamlearn.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streamlearn.platform.registry.AvroSchemas;
import io.streamlearn.platform.registry.CompatibilityCheck;
import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.InvalidCompatibilityLevelException;
import io.streamlearn.platform.registry.InvalidSchemaException;
import io.streamlearn.platform.registry.InvalidVersionException;
import io.streamlearn.platform.registry.RegisteredSchema;
import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SubjectCompatibilityNotConfiguredException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent's Schema Registry REST API, the subset streamlearn and Confluent's serdes use, with
 * Confluent's paths, bodies, status codes and error bodies ({@code {"error_code":40401,
 * "message":"Subject 'x' not found."}}):
 *
 * <pre>
 * GET  /                                         {}
 * GET  /subjects                                 ["a-value", ...]
 * POST /subjects/{s}                             look a schema up: {subject, version, id, schema}
 * GET  /subjects/{s}/versions                    [1, 2]
 * POST /subjects/{s}/versions                    register: {"id": 1}
 * GET  /subjects/{s}/versions/{v|latest}         {subject, version, id, schema}
 * GET  /subjects/{s}/versions/{v|latest}/schema  the schema itself
 * GET  /schemas/ids/{id}                         {"schema": "..."}
 * GET  /schemas/ids/{id}/schema                  the schema itself
 * POST /compatibility/subjects/{s}/versions/{v|latest}[?verbose=true]  {"is_compatible": true}
 * GET  /config                                   {"compatibilityLevel": "BACKWARD"}
 * PUT  /config                                   {"compatibility": "FULL"}
 * GET  /config/{s}[?defaultToGlobal=true]        {"compatibilityLevel": ...}
 * PUT  /config/{s}                               {"compatibility": ...}
 * </pre>
 *
 * Only Avro schemas without references are accepted (schema type {@code AVRO}, Confluent's
 * default); others are rejected with 42201.
 */
final class SchemaRegistryHttpHandler implements HttpHandler {

  static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
  static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
  static final String JSON_TYPE = "application/json";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ACCEPTED_REQUEST_TYPES =
      List.of(V1_JSON, DEFAULT_JSON, JSON_TYPE, "application/octet-stream");

  private final InMemorySchemaRegistry registry;

  SchemaRegistryHttpHandler(InMemorySchemaRegistry registry) {
    this.registry = registry;
  }

  private record Reply(int status, String body) {}

  /** An HTTP-level error (not one of the registry's): 400, 404, 405, 415. */
  private static final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    try {
      reply = route(exchange);
    } catch (SchemaRegistryException e) {
      int status = e.httpStatus() == 0 ? 500 : e.httpStatus();
      reply = new Reply(status, error(e.errorCode(), e.registryMessage()));
    } catch (HttpError e) {
      reply = new Reply(e.status, error(e.status, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error(
          "The embedded Schema Registry failed on {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      reply = new Reply(500, error(50001, "Internal error: " + e));
    }
    try (exchange) {
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", responseType(exchange));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Reply route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    List<String> path = segments(exchange.getRequestURI().getRawPath());
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    int n = path.size();
    if (n == 0) {
      allow(method, "GET");
      return ok("{}");
    }
    switch (path.get(0)) {
      case "subjects" -> {
        if (n == 1) {
          allow(method, "GET");
          return ok(array(registry.subjects()));
        }
        String subject = path.get(1);
        if (n == 2) {
          allow(method, "POST");
          RegisteredSchema found = registry.lookup(subject, schemaOf(body(exchange)));
          return ok(versionBody(found));
        }
        if (!path.get(2).equals("versions")) {
          break;
        }
        if (n == 3) {
          if (method.equals("POST")) {
            int id = registry.register(subject, schemaOf(body(exchange)));
            ObjectNode answer = JSON.createObjectNode();
            answer.put("id", id);
            return ok(answer.toString());
          }
          allow(method, "GET");
          return ok(array(registry.versions(subject)));
        }
        if (n == 4 || (n == 5 && path.get(4).equals("schema"))) {
          allow(method, "GET");
          RegisteredSchema version = version(subject, path.get(3));
          return ok(n == 4 ? versionBody(version) : version.schema().toString());
        }
      }
      case "schemas" -> {
        if (n >= 3
            && n <= 4
            && path.get(1).equals("ids")
            && (n == 3 || path.get(3).equals("schema"))) {
          allow(method, "GET");
          int id = schemaId(path.get(2));
          Schema schema = registry.schemaById(id);
          if (n == 4) {
            return ok(schema.toString());
          }
          ObjectNode answer = JSON.createObjectNode();
          answer.put("schema", AvroSchemas.canonical(schema));
          return ok(answer.toString());
        }
      }
      case "compatibility" -> {
        if (n == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
          allow(method, "POST");
          return ok(compatibility(path.get(2), path.get(4), body(exchange), query));
        }
      }
      case "config" -> {
        if (n == 1) {
          if (method.equals("PUT")) {
            CompatibilityLevel level = registry.setGlobalCompatibility(levelOf(body(exchange)));
            return ok(levelBody("compatibility", level));
          }
          allow(method, "GET");
          return ok(levelBody("compatibilityLevel", registry.globalCompatibility()));
        }
        if (n == 2) {
          String subject = path.get(1);
          if (method.equals("PUT")) {
            CompatibilityLevel level =
                registry.setSubjectCompatibility(subject, levelOf(body(exchange)));
            return ok(levelBody("compatibility", level));
          }
          allow(method, "GET");
          Optional<CompatibilityLevel> own = registry.subjectCompatibility(subject);
          if (own.isEmpty() && !"true".equalsIgnoreCase(query.get("defaultToGlobal"))) {
            throw new SubjectCompatibilityNotConfiguredException(
                "Subject '" + subject + "' does not have subject-level compatibility configured");
          }
          return ok(levelBody("compatibilityLevel", own.orElseGet(registry::globalCompatibility)));
        }
      }
      default -> {
        // not found below
      }
    }
    throw new HttpError(404, "HTTP 404 Not Found");
  }

  private String compatibility(
      String subject, String versionText, JsonNode body, Map<String, String> query) {
    Schema candidate = schemaOf(body);
    CompatibilityCheck check;
    if (isLatest(versionText)) {
      check = registry.checkCompatibility(subject, candidate);
    } else {
      RegisteredSchema against = version(subject, versionText);
      CompatibilityLevel level =
          registry.subjectCompatibility(subject).orElseGet(registry::globalCompatibility);
      List<String> problems = level.incompatibilities(candidate, List.of(against.schema()));
      check = new CompatibilityCheck(problems.isEmpty(), problems);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("is_compatible", check.compatible());
    if ("true".equalsIgnoreCase(query.get("verbose"))) {
      ArrayNode messages = answer.putArray("messages");
      check.messages().forEach(messages::add);
    }
    return answer.toString();
  }

  private RegisteredSchema version(String subject, String text) {
    if (isLatest(text)) {
      return registry.latestVersion(subject);
    }
    int version;
    try {
      version = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      version = 0;
    }
    if (version < 1) {
      throw new InvalidVersionException(
          "The specified version '"
              + text
              + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
              + " string \"latest\"");
    }
    return registry.version(subject, version);
  }

  private static boolean isLatest(String version) {
    return version.equalsIgnoreCase("latest") || version.equals("-1");
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new SchemaNotFoundException("Schema " + text + " not found");
    }
  }

  private static Schema schemaOf(JsonNode body) {
    JsonNode type = body.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new InvalidSchemaException(
          "Invalid schema: schema type " + type.asText() + " is not supported, only AVRO");
    }
    JsonNode references = body.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw new InvalidSchemaException("Invalid schema: schema references are not supported");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new InvalidSchemaException("Invalid schema: the request has no 'schema' string");
    }
    return AvroSchemas.parse(schema.asText());
  }

  private static CompatibilityLevel levelOf(JsonNode body) {
    JsonNode level = body.get("compatibility");
    if (level == null || !level.isTextual()) {
      throw new InvalidCompatibilityLevelException(
          "Invalid compatibility level: the request has no 'compatibility' string");
    }
    return CompatibilityLevel.parse(level.asText());
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null) {
      String bare = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (!ACCEPTED_REQUEST_TYPES.contains(bare)) {
        throw new HttpError(415, "HTTP 415 Unsupported Media Type");
      }
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new HttpError(400, "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "The request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new HttpError(405, "HTTP 405 Method Not Allowed");
    }
  }

  private static Reply ok(String body) {
    return new Reply(200, body);
  }

  private static String versionBody(RegisteredSchema schema) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("subject", schema.subject());
    answer.put("version", schema.version());
    answer.put("id", schema.id());
    answer.put("schema", AvroSchemas.canonical(schema.schema()));
    return answer.toString();
  }

  private static String levelBody(String field, CompatibilityLevel level) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put(field, level.name());
    return answer.toString();
  }

  private static String array(List<?> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(v -> array.addPOJO(v));
    return array.toString();
  }

  static String error(int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error_code", code);
    body.put("message", message);
    return body.toString();
  }

  private static String responseType(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept == null || accept.contains(V1_JSON) || accept.contains("*/*")) {
      return V1_JSON;
    }
    if (accept.contains(DEFAULT_JSON)) {
      return DEFAULT_JSON;
    }
    if (accept.contains(JSON_TYPE)) {
      return JSON_TYPE;
    }
    return V1_JSON;
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
