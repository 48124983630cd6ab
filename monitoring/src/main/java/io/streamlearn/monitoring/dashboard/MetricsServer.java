package io.streamlearn.monitoring.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a streamlearn process, over the JDK's {@link HttpServer}:
 *
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus registry's scrape (text format 0.0.4);
 *   <li>{@code GET /}: the live dashboard (uPlot charts of model quality, throughput, latency,
 *       drift statistics with alert markers, and the alert timeline);
 *   <li>{@code GET /api/timeseries}: the recorder's history as JSON, which the page polls;
 *   <li>{@code GET /static/...}: the page's script, style and the vendored uPlot.
 * </ul>
 *
 * It binds the loopback address unless told otherwise ({@link #start(InetSocketAddress)}); {@link
 * #mount} adds the same routes to a server the application already runs.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** The port the compose stack scrapes. */
  public static final int DEFAULT_PORT = 9404;

  /** How often the page refreshes. */
  public static final long DEFAULT_REFRESH_MILLIS = 2_000;

  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  private static final Map<String, String> STATIC_TYPES =
      Map.of(
          "uPlot.iife.min.js", "application/javascript; charset=utf-8",
          "uPlot.min.css", "text/css; charset=utf-8",
          "dashboard.js", "application/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8");

  private final PrometheusMeterRegistry registry;
  private final TimeSeriesRecorder recorder;
  private final String title;
  private final long refreshMillis;
  private final LongSupplier clockMillis;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * The endpoint's routes.
   *
   * @param registry the registry scraped at {@code /metrics}
   * @param recorder the history the dashboard draws
   * @param title the dashboard's title, e.g. the pipeline's name
   */
  public MetricsServer(
      PrometheusMeterRegistry registry, TimeSeriesRecorder recorder, String title) {
    this(registry, recorder, title, DEFAULT_REFRESH_MILLIS, System::currentTimeMillis);
  }

  MetricsServer(
      PrometheusMeterRegistry registry,
      TimeSeriesRecorder recorder,
      String title,
      long refreshMillis,
      LongSupplier clockMillis) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.title = Objects.requireNonNull(title, "title");
    this.refreshMillis = refreshMillis;
    this.clockMillis = clockMillis;
  }

  /** Starts a server on the loopback address at {@link #DEFAULT_PORT}. */
  public MetricsServer start() throws IOException {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT));
  }

  /** Starts a server at {@code address} (port 0 picks a free one) with these routes. */
  public synchronized MetricsServer start(InetSocketAddress address) throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started at " + address());
    }
    HttpServer created = HttpServer.create(address, 0);
    mount(created);
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "streamlearn-metrics-http");
              t.setDaemon(true);
              return t;
            });
    created.setExecutor(executor);
    created.start();
    server = created;
    return this;
  }

  /** Adds the routes to {@code server}. */
  public void mount(HttpServer server) {
    server.createContext("/metrics", get(this::metrics));
    server.createContext("/api/timeseries", get(this::timeseries));
    server.createContext("/static/", get(this::staticFile));
    server.createContext("/", get(this::page));
  }

  /** The address bound, once started. */
  public synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getAddress();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    send(exchange, 200, TEXT_FORMAT, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private void timeseries(HttpExchange exchange) throws IOException {
    String json = recorder.snapshot().toJson(title, clockMillis.getAsLong());
    send(exchange, 200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  private void staticFile(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/static/".length());
    String type = STATIC_TYPES.get(name);
    if (type == null) {
      notFound(exchange);
      return;
    }
    String resource = name.startsWith("uPlot") ? "vendor/" + name : name;
    send(exchange, 200, type, DashboardAssets.bytes(resource));
  }

  private void page(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/") && !path.equals("/index.html")) {
      notFound(exchange);
      return;
    }
    String html =
        DashboardAssets.fill(
            DashboardAssets.text(DashboardAssets.PAGE),
            Map.of(
                "REFRESH_MILLIS", Long.toString(refreshMillis),
                "TITLE", DashboardAssets.html(title)));
    send(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    send(
        exchange,
        404,
        "text/plain; charset=utf-8",
        ("no such page: " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8));
  }

  private interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static HttpHandler get(Route route) {
    return exchange -> {
      try {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().add("Allow", "GET, HEAD");
          send(
              exchange,
              405,
              "text/plain; charset=utf-8",
              "use GET".getBytes(StandardCharsets.UTF_8));
          return;
        }
        try {
          route.handle(exchange);
        } catch (RuntimeException e) {
          LOG.warn("Failed to answer {}", exchange.getRequestURI(), e);
          send(
              exchange,
              500,
              "text/plain; charset=utf-8",
              ("failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
      } finally {
        exchange.close();
      }
    };
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
