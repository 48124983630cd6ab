package io.streamlearn.monitoring.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's files on the classpath: the page and report templates, the dashboard's script and
 * style, and uPlot, vendored at build time from the npm registry into {@code vendor/}.
 */
final class DashboardAssets {

  static final String UPLOT_JS = "vendor/uPlot.iife.min.js";
  static final String UPLOT_CSS = "vendor/uPlot.min.css";
  static final String DASHBOARD_JS = "dashboard.js";
  static final String DASHBOARD_CSS = "dashboard.css";
  static final String PAGE = "dashboard.html";
  static final String REPORT = "report.html";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

  private DashboardAssets() {}

  /** A file's bytes. */
  static byte[] bytes(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "dashboard file "
                + name
                + " is missing from the classpath (uPlot is vendored by the monitoring module's"
                + " build: run it with Maven)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** A template with every {@code {{NAME}}} replaced, in one pass. */
  static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Script text made safe to sit inside an HTML {@code <script>} element. */
  static String inlineScript(String script) {
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--");
  }

  /** Escapes text for HTML. */
  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
