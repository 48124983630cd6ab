package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.avro.SourceEventDecoder;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.flink.AvroKafkaRecordDeserializationSchema;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The feature job's source deserializer reads records written with the compiled schema directly;
 * every record must give exactly the {@link SourceEvent} the Avro path (the platform deserializer,
 * then {@link SourceEventDecoder}, as before the direct decoder) gives: valid events, validation
 * and key failures, and the dead letters of corrupt, truncated and unknown-schema records.
 */
class DirectSourceDecodingTest {

  private final Map<String, Object> serdeConfig =
      Map.of("schema.registry.url", "mock://direct-" + UUID.randomUUID());
  private final SourceEventDeserializationSchema<Transaction> transactions =
      SourceEventDeserializationSchema.transactions(
          "transactions", serdeConfig, ValidationRules.DEFAULTS);
  private final SourceEventDeserializationSchema<Label> labels =
      SourceEventDeserializationSchema.labels("labels", serdeConfig, ValidationRules.DEFAULTS);
  private final AvroKafkaRecordDeserializationSchema<Transaction> avroTransactions =
      AvroKafkaRecordDeserializationSchema.forSpecific(
          Transaction.class, "transactions", serdeConfig);
  private final AvroKafkaRecordDeserializationSchema<Label> avroLabels =
      AvroKafkaRecordDeserializationSchema.forSpecific(Label.class, "labels", serdeConfig);
  private final SourceEventDecoder decoder = new SourceEventDecoder(ValidationRules.DEFAULTS);
  private final AvroSerializer<Transaction> transactionSerializer =
      new AvroSerializer<Transaction>().configured(serdeConfig, false);
  private final AvroSerializer<Label> labelSerializer =
      new AvroSerializer<Label>().configured(serdeConfig, false);
  private long offset;

  @Test
  void randomTransactionsGiveWhatTheAvroPathGives() throws Exception {
    Random random = new Random(11L);
    int valid = 0;
    for (int i = 0; i < 2000; i++) {
      TransactionEvent event = randomTransaction(random);
      byte[] value =
          transactionSerializer.serialize("transactions", EventAvroMapping.toAvro(event));
      ConsumerRecord<byte[], byte[]> record = record("transactions", key(event, random), value);

      SourceEvent read = single(transactions, record);

      assertThat(read).isEqualTo(reference(avroTransactions, record, SourceEvent.Kind.TRANSACTION));
      if (read.isValid()) {
        valid++;
        assertThat(read.transaction()).isEqualTo(event);
      }
    }
    assertThat(valid).isGreaterThan(200).isLessThan(2000);
  }

  @Test
  void randomLabelsGiveWhatTheAvroPathGives() throws Exception {
    Random random = new Random(12L);
    int valid = 0;
    for (int i = 0; i < 2000; i++) {
      LabelEvent event = randomLabel(random);
      byte[] value = labelSerializer.serialize("labels", EventAvroMapping.toAvro(event));
      ConsumerRecord<byte[], byte[]> record =
          record(
              "labels",
              random.nextInt(10) == 0
                  ? "other".getBytes(StandardCharsets.UTF_8)
                  : event.transactionId().getBytes(StandardCharsets.UTF_8),
              value);

      SourceEvent read = single(labels, record);

      assertThat(read).isEqualTo(reference(avroLabels, record, SourceEvent.Kind.LABEL));
      if (read.isValid()) {
        valid++;
        assertThat(read.label()).isEqualTo(event);
      }
    }
    assertThat(valid).isGreaterThan(200).isLessThan(2000);
  }

  @Test
  void corruptTruncatedAndUnknownSchemaRecordsGiveTheSameDeadLetters() throws Exception {
    Random random = new Random(13L);
    int failed = 0;
    for (int i = 0; i < 100; i++) {
      TransactionEvent transaction = randomValidTransaction(random);
      byte[] transactionBytes =
          transactionSerializer.serialize("transactions", EventAvroMapping.toAvro(transaction));
      for (byte[] corrupt : corruptions(transactionBytes, random)) {
        ConsumerRecord<byte[], byte[]> record =
            record("transactions", key(transaction, random), corrupt);
        SourceEvent read = single(transactions, record);
        assertThat(read)
            .as("bytes %s", Arrays.toString(corrupt))
            .isEqualTo(reference(avroTransactions, record, SourceEvent.Kind.TRANSACTION));
        failed += read.isValid() ? 0 : 1;
      }
      LabelEvent label = new LabelEvent(transaction.transactionId(), random.nextBoolean(), 1000L);
      byte[] labelBytes = labelSerializer.serialize("labels", EventAvroMapping.toAvro(label));
      for (byte[] corrupt : corruptions(labelBytes, random)) {
        ConsumerRecord<byte[], byte[]> record =
            record("labels", label.transactionId().getBytes(StandardCharsets.UTF_8), corrupt);
        SourceEvent read = single(labels, record);
        assertThat(read)
            .as("bytes %s", Arrays.toString(corrupt))
            .isEqualTo(reference(avroLabels, record, SourceEvent.Kind.LABEL));
        failed += read.isValid() ? 0 : 1;
      }
    }
    assertThat(failed).isGreaterThan(1000);

    byte[] unknownId = ConfluentWireFormat.frame(987_654, new byte[] {2, 'x', 0});
    ConsumerRecord<byte[], byte[]> record = record("transactions", new byte[] {'x'}, unknownId);
    SourceEvent read = single(transactions, record);
    assertThat(read.failure().reason()).isEqualTo("UNKNOWN_SCHEMA_ID");
    assertThat(read).isEqualTo(reference(avroTransactions, record, SourceEvent.Kind.TRANSACTION));
  }

  @Test
  void recordsOfAnotherWriterSchemaAreResolvedByAvro() throws Exception {
    Schema compiled = Transaction.getClassSchema();
    assertThat(compiled.getField("customerId").pos())
        .isLessThan(compiled.getField("terminalId").pos());
    // customerId and terminalId swapped: the direct decoder would read the bytes without error,
    // the two ids the wrong way round
    String swapped =
        """
        {"type":"record","name":"Transaction","namespace":"io.streamlearn.ingest.avro",
         "fields":[
          {"name":"transactionId","type":"string"},
          {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"terminalId","type":"string"},
          {"name":"customerId","type":"string"},
          {"name":"amount","type":"double"},
          {"name":"attributes","type":{"type":"map","values":"string"},"default":{}}]}
        """;
    // a new optional field at the end
    String added =
        """
        {"type":"record","name":"Transaction","namespace":"io.streamlearn.ingest.avro",
         "fields":[
          {"name":"transactionId","type":"string"},
          {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"customerId","type":"string"},
          {"name":"terminalId","type":"string"},
          {"name":"amount","type":"double"},
          {"name":"attributes","type":{"type":"map","values":"string"},"default":{}},
          {"name":"channel","type":["null","string"],"default":null}]}
        """;
    for (String writer : List.of(swapped, added)) {
      Schema evolved = new Schema.Parser().parse(writer);
      GenericRecord written = new GenericData.Record(evolved);
      written.put("transactionId", "tx-é");
      written.put("eventTime", 1_700_000_000_000L);
      written.put("terminalId", "T-9");
      written.put("customerId", "C-1");
      written.put("amount", 12.5);
      written.put("attributes", Map.of("mcc", "5411"));
      if (evolved.getField("channel") != null) {
        written.put("channel", "web");
      }
      byte[] value =
          new AvroSerializer<GenericRecord>()
              .configured(serdeConfig, false)
              .serialize("transactions", written);
      ConsumerRecord<byte[], byte[]> record =
          record("transactions", "tx-é".getBytes(StandardCharsets.UTF_8), value);

      SourceEvent read = single(transactions, record);

      assertThat(read.isValid()).isTrue();
      assertThat(read.transaction())
          .isEqualTo(
              new TransactionEvent(
                  "tx-é", 1_700_000_000_000L, "C-1", "T-9", 12.5, Map.of("mcc", "5411")));
      assertThat(read).isEqualTo(reference(avroTransactions, record, SourceEvent.Kind.TRANSACTION));
    }
  }

  private ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value) {
    return new ConsumerRecord<>(topic, 1, offset++, key, value);
  }

  private static byte[] key(TransactionEvent event, Random random) {
    return random.nextInt(10) == 0 ? null : event.transactionId().getBytes(StandardCharsets.UTF_8);
  }

  private static SourceEvent single(
      SourceEventDeserializationSchema<?> schema, ConsumerRecord<byte[], byte[]> record)
      throws IOException {
    List<SourceEvent> out = new ArrayList<>();
    schema.deserialize(record, collector(out));
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  /** What the source deserializer gave before the direct decoder: Avro, then the decoder. */
  private <A extends SpecificRecordBase> SourceEvent reference(
      AvroKafkaRecordDeserializationSchema<A> avro,
      ConsumerRecord<byte[], byte[]> record,
      SourceEvent.Kind kind) {
    OriginalRecord original =
        new OriginalRecord(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.key(),
            record.value(),
            List.of());
    List<A> decoded = new ArrayList<>();
    try {
      avro.deserialize(record, collector(decoded));
    } catch (IOException | RuntimeException e) {
      return decoder.undecodable(original, kind, e);
    }
    return kind == SourceEvent.Kind.TRANSACTION
        ? decoder.transaction(original, (Transaction) decoded.get(0))
        : decoder.label(original, (Label) decoded.get(0));
  }

  private static <T> Collector<T> collector(List<T> out) {
    return new Collector<>() {
      @Override
      public void collect(T value) {
        out.add(value);
      }

      @Override
      public void close() {}
    };
  }

  /** Every truncation of the payload, and flipped, replaced and appended bytes. */
  private static List<byte[]> corruptions(byte[] valid, Random random) {
    List<byte[]> out = new ArrayList<>();
    for (int length = 0; length < valid.length; length++) {
      out.add(Arrays.copyOf(valid, length));
    }
    for (int i = 0; i < 6; i++) {
      byte[] flipped = valid.clone();
      flipped[5 + random.nextInt(valid.length - 5)] ^= (byte) (1 << random.nextInt(8));
      out.add(flipped);
      byte[] replaced = valid.clone();
      replaced[5 + random.nextInt(valid.length - 5)] = (byte) random.nextInt(256);
      out.add(replaced);
    }
    byte[] longer = Arrays.copyOf(valid, valid.length + 1);
    longer[valid.length] = (byte) random.nextInt(256);
    out.add(longer);
    return out;
  }

  private static TransactionEvent randomValidTransaction(Random random) {
    return new TransactionEvent(
        "tx-" + random.nextInt(1000) + "-ü",
        1_600_000_000_000L + random.nextInt(1_000_000_000),
        text(random),
        text(random),
        random.nextDouble() * 500,
        random.nextBoolean() ? Map.of() : Map.of("mcc", text(random)));
  }

  /** Extreme values too: some of these fail validation, on both paths alike. */
  private static TransactionEvent randomTransaction(Random random) {
    Map<String, String> attributes = new HashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      attributes.put(text(random), text(random));
    }
    double[] amounts = {0.0, -0.0, -1.0, Double.NaN, Double.MAX_VALUE, Double.MIN_VALUE, 3.25};
    long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1_700_000_000_000L};
    return new TransactionEvent(
        text(random),
        random.nextInt(3) == 0
            ? times[random.nextInt(times.length)]
            : 1_600_000_000_000L + random.nextInt(1_000_000_000),
        text(random),
        text(random),
        random.nextInt(3) == 0 ? amounts[random.nextInt(amounts.length)] : random.nextDouble(),
        attributes);
  }

  private static LabelEvent randomLabel(Random random) {
    long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1_700_000_000_000L};
    return new LabelEvent(
        text(random),
        random.nextBoolean(),
        random.nextInt(3) == 0
            ? times[random.nextInt(times.length)]
            : 1_600_000_000_000L + random.nextInt(1_000_000_000),
        random.nextBoolean()
            ? OptionalLong.empty()
            : OptionalLong.of(times[random.nextInt(times.length)]));
  }

  /** Empty, ASCII and non-ASCII (Latin-1, CJK, supplementary) text. */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(20);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(
          switch (random.nextInt(6)) {
            case 0 -> 0xe0 + random.nextInt(0x20);
            case 1 -> 0x4e00 + random.nextInt(0x100);
            case 2 -> 0x1f600 + random.nextInt(0x40);
            default -> 'a' + random.nextInt(26);
          });
    }
    return text.toString();
  }
}
