package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.monitoring.testing.RecordedRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  private static final RecordedRun RUN = RecordedRun.record();

  @Test
  void writesASelfContainedReportWithTheRunsDataAndTheChartLibraryInlined(@TempDir Path dir)
      throws Exception {
    Path file =
        RunReport.write(dir.resolve("reports/run.html"), "fraud run", RUN.recorder, RUN.wallEnd);

    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("{{").contains("<title>fraud run</title>");
    assertThat(html)
        .as("no external scripts, styles or images")
        .doesNotContainPattern("(?i)<script[^>]+src=")
        .doesNotContainPattern("(?i)<link[^>]+href=")
        .doesNotContainPattern("(?i)(src|href)=\"?https?:")
        .doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:")
        .doesNotContain("@import");
    Matcher urls = Pattern.compile("https?://[^\"'\\s)]+").matcher(html);
    while (urls.find()) {
      assertThat(urls.group())
          .as("only XML namespace names and the project page in uPlot's license banner")
          .matches("http://www\\.w3\\.org/.*|https://github\\.com/leeoniya/uPlot");
    }
    assertThat(html).contains("uPlot").contains("streamlearnDashboard.render(");
    Matcher data =
        Pattern.compile(
                "<script id=\"run-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
            .matcher(html);
    assertThat(data.find()).isTrue();
    JsonNode root = new ObjectMapper().readTree(data.group(1));
    assertThat(root.path("series").size())
        .isEqualTo(RUN.recorder.snapshot().series().size())
        .isGreaterThan(10);
    assertThat(root.path("alerts").size())
        .isEqualTo(RUN.recorder.snapshot().alerts().size())
        .isPositive();
    assertThat(root.toString())
        .contains("streamlearn_model_roc_auc", "streamlearn_drift_statistic");
  }
}
