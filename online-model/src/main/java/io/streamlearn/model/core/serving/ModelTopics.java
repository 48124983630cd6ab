package io.streamlearn.model.core.serving;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The topics the model stage reads and writes, from the pipeline file's {@code topics:} section
 * ({@code docs/PIPELINE.md}); defaults are the names of {@code docs/ARCHITECTURE.md}.
 *
 * @param features scored input, keyed by transaction id
 * @param labels ground truth, keyed by transaction id, co-partitioned with {@code features}
 * @param predictions one prediction per feature vector
 * @param modelSnapshots compacted, keyed by model name
 * @param modelEvents warnings and drift responses, keyed by model name
 * @param alerts concept-drift alerts, keyed by monitor
 */
public record ModelTopics(
    String features,
    String labels,
    String predictions,
    String modelSnapshots,
    String modelEvents,
    String alerts) {

  /**
   * The largest {@code ModelSnapshot} record the stage publishes, in bytes: 16 MiB, above Kafka's
   * default 1 MB (a forest's snapshot passes it). The {@code modelSnapshots} topic is created with
   * this {@code max.message.bytes} and the producers that publish snapshots get it as {@code
   * max.request.size}; consumers need nothing (a fetch returns a record larger than its limits).
   */
  public static final int MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

  /** The default names. */
  public static final ModelTopics DEFAULTS =
      new ModelTopics(
          "features", "labels", "predictions", "model-snapshots", "model-events", "alerts");

  public ModelTopics {
    List<String> all = new ArrayList<>();
    for (String t :
        new String[] {features, labels, predictions, modelSnapshots, modelEvents, alerts}) {
      if (t == null || !t.matches("[A-Za-z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("not a valid topic name: " + t);
      }
      all.add(t);
    }
    if (new LinkedHashSet<>(all).size() != all.size()) {
      throw new IllegalArgumentException("the model stage's topics must be distinct: " + all);
    }
  }

  /**
   * The topics of a pipeline file's {@code topics:} section (keys {@code features}, {@code labels},
   * {@code predictions}, {@code modelSnapshots}, {@code modelEvents}, {@code alerts}; other keys
   * belong to other stages); absent keys take the defaults.
   */
  public static ModelTopics fromMap(Map<String, ?> section) {
    Map<String, ?> m = section == null ? Map.of() : section;
    return new ModelTopics(
        name(m, "features", DEFAULTS.features),
        name(m, "labels", DEFAULTS.labels),
        name(m, "predictions", DEFAULTS.predictions),
        name(m, "modelSnapshots", DEFAULTS.modelSnapshots),
        name(m, "modelEvents", DEFAULTS.modelEvents),
        name(m, "alerts", DEFAULTS.alerts));
  }

  private static String name(Map<String, ?> m, String key, String fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s) {
      return s.trim();
    }
    throw new IllegalArgumentException("topics." + key + " must be a topic name, got " + v);
  }
}
