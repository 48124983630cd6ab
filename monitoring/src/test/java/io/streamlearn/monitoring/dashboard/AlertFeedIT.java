package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import io.streamlearn.monitoring.core.monitor.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class AlertFeedIT {

  private static AlertEvent alert(String subject) {
    return new AlertEvent(
        "amount/" + subject + "/0-3600000",
        "amount",
        DriftKind.DATA_DRIFT,
        "KS",
        subject,
        0.3,
        OptionalDouble.of(1e-6),
        0.1,
        0,
        3_600_000,
        Severity.CRITICAL,
        Map.of("n", 100.0),
        Map.of("n", 90.0));
  }

  @Test
  void recordsTheAlertsOfTheTopicAndSkipsRecordsThatAreNotAlerts(TestStack stack) throws Exception {
    String topic = stack.createTopic("alerts");
    stack.produce(topic, "amount", DriftAlertMapping.toAvro(alert("TX_AMOUNT")));
    try (KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      raw.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8))).get();
    }
    stack.produce(topic, "amount", DriftAlertMapping.toAvro(alert("TX_DURING_NIGHT")));
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(new SimpleMeterRegistry());

    AlertFeed feed = AlertFeed.start(stack.clientProperties(), topic, recorder, true);
    try {
      Await.until(
          Duration.ofSeconds(30),
          Duration.ofMillis(50),
          () -> feed.recorded() >= 2,
          () -> "two alerts recorded (recorded " + feed.recorded() + ")");
    } finally {
      feed.close();
    }

    assertThat(recorder.snapshot().alerts())
        .extracting(r -> r.alert())
        .containsExactly(alert("TX_AMOUNT"), alert("TX_DURING_NIGHT"));
  }
}
