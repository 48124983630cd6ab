package io.streamlearn.monitoring.flink;

import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * The stage settings as Flink ships them to its task managers with the functions: their map form
 * ({@link MonitoringStageSettings#toMap()}, plain collections, texts and numbers), parsed back
 * where the functions open.
 */
record ShippedSettings(LinkedHashMap<String, Object> section) implements Serializable {

  private static final long serialVersionUID = 1L;

  static ShippedSettings of(MonitoringStageSettings settings) {
    return new ShippedSettings(new LinkedHashMap<>(settings.toMap()));
  }

  MonitoringStageSettings settings() {
    return MonitoringStageSettings.fromMap(section);
  }
}
