package io.streamlearn.monitoring.dashboard;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorded history at one moment: the series (Prometheus names, tags, kind {@code gauge} or
 * {@code rate}, sampling times in epoch milliseconds and values) and the alerts with the time they
 * were recorded. Its JSON form ({@link #toJson}) is what {@code /api/timeseries} serves and what
 * the run report embeds.
 *
 * @param series the series, in the order they first appeared
 * @param alerts the alerts, oldest first
 * @param droppedSeries series not kept because the recorder was full
 */
public record TimeSeriesSnapshot(
    List<SeriesData> series, List<RecordedAlert> alerts, long droppedSeries) {

  public TimeSeriesSnapshot {
    series = List.copyOf(series);
    alerts = List.copyOf(alerts);
  }

  /** One series' points. */
  public record SeriesData(
      String name, Map<String, String> tags, String kind, long[] times, double[] values) {}

  /** An alert and when it was recorded. */
  public record RecordedAlert(long recordedAtMillis, AlertEvent alert) {}

  /** The JSON served to the dashboard page, with the time it was generated. */
  public String toJson(String title, long generatedAtMillis) {
    JsonWriter json = new JsonWriter();
    json.beginObject();
    json.name("title").value(title);
    json.name("generatedAt").value(generatedAtMillis);
    json.name("droppedSeries").value(droppedSeries);
    json.name("series").beginArray();
    for (SeriesData s : series) {
      json.beginObject();
      json.name("name").value(s.name());
      json.name("kind").value(s.kind());
      json.name("tags").beginObject();
      for (Map.Entry<String, String> tag : new TreeMap<>(s.tags()).entrySet()) {
        json.name(tag.getKey()).value(tag.getValue());
      }
      json.endObject();
      json.name("t").beginArray();
      for (long t : s.times()) {
        json.value(t);
      }
      json.endArray();
      json.name("v").beginArray();
      for (double v : s.values()) {
        json.value(v);
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.name("alerts").beginArray();
    for (RecordedAlert r : alerts) {
      AlertEvent a = r.alert();
      json.beginObject();
      json.name("t").value(r.recordedAtMillis());
      json.name("alertId").value(a.alertId());
      json.name("monitor").value(a.monitor());
      json.name("kind").value(a.kind().name());
      json.name("detector").value(a.detector());
      json.name("subject").value(a.subject());
      json.name("statistic").value(a.statistic());
      json.name("pValue").value(a.pValue().isPresent() ? a.pValue().getAsDouble() : Double.NaN);
      json.name("threshold").value(a.threshold());
      json.name("windowStart").value(a.windowStartMillis());
      json.name("windowEnd").value(a.windowEndMillis());
      json.name("severity").value(a.severity().name());
      json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.toString();
  }
}
