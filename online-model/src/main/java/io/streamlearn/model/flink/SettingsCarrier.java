package io.streamlearn.model.flink;

import io.streamlearn.model.core.serving.ModelStageSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model settings in a form Flink can ship to its task managers (Flink serializes functions with
 * Java serialization): the pipeline-file map of {@link ModelStageSettings#toMap()}, parsed back on
 * the task manager.
 */
final class SettingsCarrier implements Serializable {

  private static final long serialVersionUID = 1L;

  private final HashMap<String, Object> section;
  private transient ModelStageSettings settings;

  SettingsCarrier(ModelStageSettings settings) {
    this.section = copy(settings.toMap());
    this.settings = settings;
  }

  ModelStageSettings settings() {
    if (settings == null) {
      settings = ModelStageSettings.fromMap(section);
    }
    return settings;
  }

  @SuppressWarnings("unchecked")
  private static HashMap<String, Object> copy(Map<String, ?> map) {
    HashMap<String, Object> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, deep(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object deep(Object value) {
    if (value instanceof Map<?, ?> m) {
      return copy((Map<String, ?>) m);
    }
    if (value instanceof List<?> l) {
      ArrayList<Object> list = new ArrayList<>();
      l.forEach(v -> list.add(deep(v)));
      return list;
    }
    return value;
  }
}
