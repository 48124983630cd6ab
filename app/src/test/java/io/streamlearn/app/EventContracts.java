package io.streamlearn.app;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftKind;
import io.streamlearn.monitoring.avro.Severity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** One fully populated example of every event type, optional fields set, for round trips. */
final class EventContracts {

  static final Instant T0 = Instant.parse("2024-03-01T12:00:00.123Z");

  private EventContracts() {}

  static Transaction transaction() {
    return Transaction.newBuilder()
        .setTransactionId("tx-1")
        .setEventTime(T0)
        .setCustomerId("C42")
        .setTerminalId("T7")
        .setAmount(57.35)
        .setAttributes(Map.of("mcc", "5411", "channel", "chip"))
        .build();
  }

  static Label label() {
    return Label.newBuilder()
        .setTransactionId("tx-1")
        .setIsFraud(true)
        .setLabelTime(T0.plusSeconds(86_400 * 7))
        .setTransactionTime(T0)
        .build();
  }

  static FeatureVector featureVector() {
    return FeatureVector.newBuilder()
        .setTransactionId("tx-1")
        .setEventTime(T0)
        .setEntityIds(Map.of("customerId", "C42", "terminalId", "T7"))
        .setFeatures(Map.of("customer_tx_count_1d", 3.0, "terminal_fraud_rate_7d", 0.125))
        .setSpecVersion("fraud-baseline:1")
        .setIngestTime(T0.plusMillis(4))
        .build();
  }

  static Prediction prediction() {
    return Prediction.newBuilder()
        .setTransactionId("tx-1")
        .setEventTime(T0)
        .setEntityIds(Map.of("customerId", "C42"))
        .setScore(0.83)
        .setDecision(true)
        .setThreshold(0.5)
        .setModelName("fraud-lr")
        .setModelVersion(12L)
        .setImputedFeatures(1)
        .setIngestTime(T0.plusMillis(4))
        .setPredictedAt(T0.plusMillis(9))
        .build();
  }

  static ModelSnapshot modelSnapshot() {
    return ModelSnapshot.newBuilder()
        .setModelName("fraud-lr")
        .setVersion(12L)
        .setLearnerKind("logistic-regression")
        .setStateFormatVersion(1)
        .setState(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, (byte) 0xff}))
        .setExamplesSeen(10_000L)
        .setEventTime(T0)
        .setMetadata(Map.of("featureSpec", "fraud-baseline:1"))
        .build();
  }

  static DriftAlert driftAlert() {
    return DriftAlert.newBuilder()
        .setAlertId("amount-ks:2024-03-01T12")
        .setMonitor("amount-ks")
        .setKind(DriftKind.DATA_DRIFT)
        .setDetector("KS")
        .setSubject("amount")
        .setStatistic(0.31)
        .setPValue(0.002)
        .setThreshold(0.01)
        .setWindowStart(T0.minusSeconds(3600))
        .setWindowEnd(T0)
        .setSeverity(Severity.CRITICAL)
        .setReferenceSummary(Map.of("n", 1000.0, "mean", 52.1))
        .setCurrentSummary(Map.of("n", 1000.0, "mean", 81.4))
        .build();
  }
}
