package io.streamlearn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroSerializer;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventWireEncoderTest {

  private final SchemaRegistryClient registry = MockSchemaRegistry.forScope("wire-encoder-test");
  private final AvroSerializer<Transaction> transactions =
      new AvroSerializer<Transaction>(registry).configured(Map.of(), false);
  private final AvroSerializer<Label> labels =
      new AvroSerializer<Label>(registry).configured(Map.of(), false);
  private final EventWireEncoder encoder =
      new EventWireEncoder(
          registry.register("transactions-value", Transaction.getClassSchema()),
          registry.register("labels-value", Label.getClassSchema()));

  @Test
  void simulatedEventsAreEncodedExactlyAsThePlatformSerializerEncodesThem() {
    SimulationRun run =
        new TransactionSimulator(
                SimulatorOptions.DEFAULTS.withCustomers(50).withTerminals(100).withDays(10))
            .run();
    int compared = 0;
    while (run.hasNext()) {
      SimulationEvent event = run.next();
      if (event instanceof SimulatedTransaction tx) {
        assertThat(encoder.transaction(tx.transaction()))
            .isEqualTo(
                transactions.serialize("transactions", EventAvroMapping.toAvro(tx.transaction())));
      } else {
        LabelEvent label = ((SimulatedLabel) event).label();
        assertThat(encoder.label(label))
            .isEqualTo(labels.serialize("labels", EventAvroMapping.toAvro(label)));
      }
      compared++;
    }
    assertThat(compared).isGreaterThan(1000);
  }

  @Test
  void unusualValuesAreEncodedExactlyAsThePlatformSerializerEncodesThem() {
    TransactionEvent[] events = {
      new TransactionEvent("", Long.MIN_VALUE, "ç€𝄞", "t", -0.0, Map.of("mcc", "5411")),
      new TransactionEvent("x".repeat(300), Long.MAX_VALUE, "c", "t", Double.MAX_VALUE),
      new TransactionEvent("1", -1, "c", "t", Double.MIN_VALUE, Map.of("k", "é")),
    };
    for (TransactionEvent event : events) {
      assertThat(encoder.transaction(event))
          .isEqualTo(transactions.serialize("transactions", EventAvroMapping.toAvro(event)));
    }
    LabelEvent label = new LabelEvent("é", false, 63, OptionalLong.of(-64));
    assertThat(encoder.label(label))
        .isEqualTo(labels.serialize("labels", EventAvroMapping.toAvro(label)));
    assertThat(encoder.label("é", false, 63, -64)).isEqualTo(encoder.label(label));
    LabelEvent noTime = new LabelEvent("1", true, 0);
    assertThat(encoder.label(noTime))
        .isEqualTo(labels.serialize("labels", EventAvroMapping.toAvro(noTime)));
  }

  @Test
  void attributesAreWrittenInKeyOrder() {
    TransactionEvent a =
        new TransactionEvent("1", 5, "c", "t", 1, Map.of("b", "2", "a", "1", "c", "3"));
    TransactionEvent b =
        new TransactionEvent("1", 5, "c", "t", 1, Map.of("c", "3", "a", "1", "b", "2"));

    assertThat(encoder.transaction(a)).isEqualTo(encoder.transaction(b));
    Transaction decoded = decode(encoder.transaction(a));
    assertThat(decoded.getAttributes()).isEqualTo(a.attributes());
  }

  private Transaction decode(byte[] framed) {
    try {
      var reader = new org.apache.avro.specific.SpecificDatumReader<Transaction>(Transaction.class);
      var decoder =
          org.apache.avro.io.DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
      return reader.read(null, decoder);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
