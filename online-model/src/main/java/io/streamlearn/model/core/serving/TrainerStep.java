package io.streamlearn.model.core.serving;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.List;

/**
 * What learning one example produced.
 *
 * @param events model events (warnings, drift responses), in order
 * @param alerts concept-drift alerts for the {@code alerts} topic
 * @param snapshotDue whether the update cadence calls for a snapshot now ({@link Trainer#publish})
 * @param logEntry the entry to append to the trainer's log
 */
public record TrainerStep(
    List<TrainerEvent> events, List<AlertEvent> alerts, boolean snapshotDue, LogEntry logEntry) {

  public TrainerStep {
    events = List.copyOf(events);
    alerts = List.copyOf(alerts);
  }
}
