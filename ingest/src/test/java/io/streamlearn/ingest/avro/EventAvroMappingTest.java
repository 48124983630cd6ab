package io.streamlearn.ingest.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventAvroMappingTest {

  @Test
  void transactionsSurviveTheRoundTrip() {
    TransactionEvent event =
        new TransactionEvent("t1", 1_522_540_831_000L, "c1", "T9", 57.16, Map.of("mcc", "5411"));

    assertThat(EventAvroMapping.fromAvro(EventAvroMapping.toAvro(event))).isEqualTo(event);
  }

  @Test
  void labelsSurviveTheRoundTripWithAndWithoutTransactionTime() {
    LabelEvent withTime = new LabelEvent("t1", true, 1_523_145_631_000L, OptionalLong.of(5L));
    LabelEvent withoutTime = new LabelEvent("t2", false, 1_523_145_631_000L);

    assertThat(EventAvroMapping.fromAvro(EventAvroMapping.toAvro(withTime))).isEqualTo(withTime);
    assertThat(EventAvroMapping.fromAvro(EventAvroMapping.toAvro(withoutTime)))
        .isEqualTo(withoutTime);
  }
}
