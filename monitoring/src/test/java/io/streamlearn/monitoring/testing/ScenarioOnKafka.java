package io.streamlearn.monitoring.testing;

import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The {@link StageScenario} on the embedded broker: its topics, its records, its alerts. */
public final class ScenarioOnKafka {

  private ScenarioOnKafka() {}

  /** Fresh input topics (and their dead-letter topics) and an alerts topic, one partition each. */
  public static MonitoringTopics createTopics(TestStack stack) {
    MonitoringTopics topics =
        new MonitoringTopics(
            stack.createTopic("features"),
            stack.createTopic("predictions"),
            stack.createTopic("labels"),
            stack.createTopic("alerts"));
    stack.createTopics(
        new NewTopic(DeadLetterHeaders.topicFor(topics.features()), 1, (short) 1),
        new NewTopic(DeadLetterHeaders.topicFor(topics.predictions()), 1, (short) 1),
        new NewTopic(DeadLetterHeaders.topicFor(topics.labels()), 1, (short) 1));
    return topics;
  }

  /** Sends the events' three records, timestamped with their event time, in order. */
  public static void produce(
      TestStack stack, MonitoringTopics topics, List<StageScenario.Event> events) throws Exception {
    try (KafkaProducer<String, IndexedRecord> producer = stack.avroProducer()) {
      for (StageScenario.Event e : events) {
        long t = e.eventTimeMillis();
        producer.send(
            new ProducerRecord<>(topics.features(), null, t, e.transactionId(), e.features()));
        producer.send(
            new ProducerRecord<>(topics.predictions(), null, t, e.transactionId(), e.prediction()));
        producer.send(new ProducerRecord<>(topics.labels(), null, t, e.transactionId(), e.label()));
      }
      producer.flush();
    }
  }

  /** The first {@code count} alerts of a topic, as core alerts sorted by id. */
  public static List<AlertEvent> alerts(
      TestStack stack, String topic, int count, Duration timeout) {
    List<AlertEvent> alerts = new ArrayList<>();
    for (DriftAlert a : stack.consumeValues(topic, DriftAlert.class, count, timeout)) {
      alerts.add(DriftAlertMapping.fromAvro(a));
    }
    alerts.sort(Comparator.comparing(AlertEvent::alertId));
    return alerts;
  }
}
