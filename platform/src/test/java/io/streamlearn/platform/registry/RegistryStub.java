package io.streamlearn.platform.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server answering fixed bodies per "METHOD /path?query", recording every request: enough
 * to check what the REST client sends and how it reads answers. The real REST conformance of the
 * client against a registry is tested in the embedded module and against Confluent's image.
 */
final class RegistryStub implements AutoCloseable {

  record Request(
      String method, String pathAndQuery, String contentType, String authorization, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  RegistryStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String pathAndQuery = exchange.getRequestURI().getRawPath();
          if (exchange.getRequestURI().getRawQuery() != null) {
            pathAndQuery += "?" + exchange.getRequestURI().getRawQuery();
          }
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  pathAndQuery,
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Answer answer =
              answers.getOrDefault(
                  exchange.getRequestMethod() + " " + pathAndQuery,
                  new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  RegistryStub answer(String methodAndPath, int status, String body) {
    answers.put(methodAndPath, new Answer(status, body));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long count(String methodAndPath) {
    return requests.stream()
        .filter(r -> (r.method() + " " + r.pathAndQuery()).equals(methodAndPath))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
