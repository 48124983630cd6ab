package io.streamlearn.ingest.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.kafka.EventWireEncoder;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class EventWireDecoderTest {

  private final SchemaRegistryClient registry =
      MockSchemaRegistry.forScope("wire-decoder-test-" + UUID.randomUUID());
  private final AvroSerializer<Transaction> transactionSerializer =
      new AvroSerializer<Transaction>(registry).configured(Map.of(), false);
  private final AvroSerializer<Label> labelSerializer =
      new AvroSerializer<Label>(registry).configured(Map.of(), false);
  private final AvroDeserializer<Transaction> transactionDeserializer =
      AvroDeserializer.forSpecific(Transaction.class, registry).configured(Map.of(), false);
  private final AvroDeserializer<Label> labelDeserializer =
      AvroDeserializer.forSpecific(Label.class, registry).configured(Map.of(), false);

  private static final double[] EXTREME_DOUBLES = {
    0.0,
    -0.0,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-300,
    12.34
  };
  private static final long[] EXTREME_LONGS = {
    Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 63, -64, 64, Integer.MAX_VALUE, 1_700_000_000_000L
  };

  @Test
  void theDecoderIsWrittenForTheCompiledSchemas() {
    assertThat(SchemaNormalization.toParsingForm(Transaction.getClassSchema()))
        .isEqualTo(EventWireDecoder.TRANSACTION_LAYOUT);
    assertThat(SchemaNormalization.toParsingForm(Label.getClassSchema()))
        .isEqualTo(EventWireDecoder.LABEL_LAYOUT);
  }

  @Test
  void randomTransactionsWrittenByTheAvroSerializerDecodeToWhatTheAvroPathGives() {
    Random random = new Random(20261121L);
    for (int i = 0; i < 3000; i++) {
      TransactionEvent event = randomTransaction(random);
      byte[] bytes =
          transactionSerializer.serialize("transactions", EventAvroMapping.toAvro(event));
      TransactionEvent avroPath =
          EventAvroMapping.fromAvro(transactionDeserializer.deserialize("transactions", bytes));

      assertThat(EventWireDecoder.transaction(bytes)).isEqualTo(avroPath).isEqualTo(event);
    }
  }

  @Test
  void randomLabelsWrittenByTheAvroSerializerDecodeToWhatTheAvroPathGives() {
    Random random = new Random(7L);
    for (int i = 0; i < 3000; i++) {
      LabelEvent event = randomLabel(random);
      byte[] bytes = labelSerializer.serialize("labels", EventAvroMapping.toAvro(event));
      LabelEvent avroPath =
          EventAvroMapping.fromAvro(labelDeserializer.deserialize("labels", bytes));

      assertThat(EventWireDecoder.label(bytes)).isEqualTo(avroPath).isEqualTo(event);
    }
  }

  @Test
  void recordsWrittenByTheWireEncoderDecodeToTheirEvents() {
    EventWireEncoder encoder = new EventWireEncoder(11, 12);
    Random random = new Random(3L);
    for (int i = 0; i < 1000; i++) {
      TransactionEvent transaction = randomTransaction(random);
      LabelEvent label = randomLabel(random);

      assertThat(EventWireDecoder.transaction(encoder.transaction(transaction)))
          .isEqualTo(transaction);
      assertThat(EventWireDecoder.label(encoder.label(label))).isEqualTo(label);
    }
  }

  @Test
  void aMapKeyWrittenTwiceKeepsItsLastValueAsInAvro() {
    // transactionId "t", eventTime 1, customerId "c", terminalId "d", amount 0.0, then one block
    // of two entries k -> a, k -> b, and the end of the map.
    int id = registry.register("transactions-value", Transaction.getClassSchema());
    byte[] bytes = {
      0,
      (byte) (id >>> 24),
      (byte) (id >>> 16),
      (byte) (id >>> 8),
      (byte) id,
      2,
      't',
      2,
      2,
      'c',
      2,
      'd',
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      4,
      2,
      'k',
      2,
      'a',
      2,
      'k',
      2,
      'b',
      0
    };
    TransactionEvent avroPath =
        EventAvroMapping.fromAvro(transactionDeserializer.deserialize("transactions", bytes));

    assertThat(avroPath.attributes()).isEqualTo(Map.of("k", "b"));
    assertThat(EventWireDecoder.transaction(bytes)).isEqualTo(avroPath);
  }

  /**
   * Truncated, bit-flipped and extended payloads: whenever the direct decoder reads one, the Avro
   * path reads the same event; whenever the Avro path fails, the direct decoder gives null (so its
   * caller falls back to the Avro path and its failure).
   */
  @Test
  void corruptPayloadsAreReadOnlyWhenAvroReadsThemTheSameWay() {
    Random random = new Random(42L);
    int directlyRead = 0;
    int avroFailures = 0;
    for (int i = 0; i < 400; i++) {
      byte[] transaction =
          transactionSerializer.serialize(
              "transactions", EventAvroMapping.toAvro(randomTransaction(random)));
      byte[] label =
          labelSerializer.serialize("labels", EventAvroMapping.toAvro(randomLabel(random)));
      for (byte[] corrupt : corruptions(transaction, random)) {
        TransactionEvent direct = EventWireDecoder.transaction(corrupt);
        TransactionEvent avroPath;
        try {
          avroPath =
              EventAvroMapping.fromAvro(
                  transactionDeserializer.deserialize("transactions", corrupt));
        } catch (RuntimeException failed) {
          avroFailures++;
          assertThat(direct).as("bytes %s", Arrays.toString(corrupt)).isNull();
          continue;
        }
        if (direct != null) {
          directlyRead++;
          assertThat(direct).as("bytes %s", Arrays.toString(corrupt)).isEqualTo(avroPath);
        }
      }
      for (byte[] corrupt : corruptions(label, random)) {
        LabelEvent direct = EventWireDecoder.label(corrupt);
        LabelEvent avroPath;
        try {
          avroPath = EventAvroMapping.fromAvro(labelDeserializer.deserialize("labels", corrupt));
        } catch (RuntimeException failed) {
          avroFailures++;
          assertThat(direct).as("bytes %s", Arrays.toString(corrupt)).isNull();
          continue;
        }
        if (direct != null) {
          directlyRead++;
          assertThat(direct).as("bytes %s", Arrays.toString(corrupt)).isEqualTo(avroPath);
        }
      }
    }
    assertThat(directlyRead).isGreaterThan(1000);
    assertThat(avroFailures).isGreaterThan(1000);
  }

  @Test
  void bytesShorterThanTheHeaderOrThanTheRecordAreNotRead() {
    byte[] bytes =
        labelSerializer.serialize(
            "labels", EventAvroMapping.toAvro(new LabelEvent("tx", true, 5, OptionalLong.of(4))));
    for (int length = 0; length < bytes.length; length++) {
      assertThat(EventWireDecoder.label(Arrays.copyOf(bytes, length))).isNull();
    }
    assertThat(EventWireDecoder.label(bytes)).isNotNull();
  }

  /** Every truncation of the payload, and flipped, replaced and appended bytes. */
  static java.util.List<byte[]> corruptions(byte[] valid, Random random) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    for (int length = 5; length < valid.length; length++) {
      out.add(Arrays.copyOf(valid, length));
    }
    for (int i = 0; i < 8; i++) {
      byte[] flipped = valid.clone();
      int at = 5 + random.nextInt(valid.length - 5);
      flipped[at] ^= (byte) (1 << random.nextInt(8));
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

  static TransactionEvent randomTransaction(Random random) {
    Map<String, String> attributes = new HashMap<>();
    int entries = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
    for (int i = 0; i < entries; i++) {
      attributes.put(randomString(random), randomString(random));
    }
    return new TransactionEvent(
        randomString(random),
        random.nextBoolean() ? random.nextLong() : EXTREME_LONGS[random.nextInt(10)],
        randomString(random),
        randomString(random),
        random.nextBoolean()
            ? random.nextDouble() * Math.pow(10, random.nextInt(12))
            : EXTREME_DOUBLES[random.nextInt(EXTREME_DOUBLES.length)],
        attributes);
  }

  static LabelEvent randomLabel(Random random) {
    return new LabelEvent(
        randomString(random),
        random.nextBoolean(),
        random.nextBoolean() ? random.nextLong() : EXTREME_LONGS[random.nextInt(10)],
        random.nextBoolean()
            ? OptionalLong.empty()
            : OptionalLong.of(
                random.nextBoolean() ? random.nextLong() : EXTREME_LONGS[random.nextInt(10)]));
  }

  /** Empty, ASCII, Latin-1, other BMP and supplementary code points, up to 200 of them. */
  static String randomString(Random random) {
    int length =
        switch (random.nextInt(5)) {
          case 0 -> 0;
          case 1 -> 1 + random.nextInt(200);
          default -> 1 + random.nextInt(12);
        };
    StringBuilder text = new StringBuilder();
    int alphabet = random.nextInt(3);
    for (int i = 0; i < length; i++) {
      int kind = alphabet == 0 ? 0 : random.nextInt(4);
      int codePoint =
          switch (kind) {
            case 0 -> 0x20 + random.nextInt(0x5f);
            case 1 -> 0xa0 + random.nextInt(0x60);
            case 2 -> random.nextBoolean() ? 0x20ac : 0x4e00 + random.nextInt(0x100);
            default -> 0x1d11e + random.nextInt(0x40);
          };
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }
}
