package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecurringStringsTest {

  @BeforeEach
  void emptyTable() {
    RecurringStrings.clear();
  }

  @Test
  void theSameBytesGiveTheSameStringWhereverTheyStand() {
    byte[] first = "..customer_id_nb_tx_1day_window".getBytes(StandardCharsets.UTF_8);
    byte[] second = "customer_id_nb_tx_1day_window!".getBytes(StandardCharsets.UTF_8);

    String a = RecurringStrings.decode(first, 2, first.length - 2);
    String b = RecurringStrings.decode(second, 0, second.length - 1);

    assertThat(a).isEqualTo("customer_id_nb_tx_1day_window");
    assertThat(b).isSameAs(a);
  }

  @Test
  void decodesAsNewStringDoesMalformedSequencesIncluded() {
    byte[] malformed = {'a', (byte) 0xc3, 'b', (byte) 0xff, (byte) 0xe2, (byte) 0x82};
    byte[] accented = "prénom_€".getBytes(StandardCharsets.UTF_8);

    for (byte[] bytes : List.of(malformed, accented)) {
      assertThat(RecurringStrings.decode(bytes, 0, bytes.length))
          .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
      assertThat(RecurringStrings.decode(bytes, 0, bytes.length))
          .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Test
  void collisionsNeverReturnAnotherString() {
    Random random = new Random(7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5 * RecurringStrings.SLOTS; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40); // whole words and tails, some over MAX_BYTES
      for (int c = 0; c < length; c++) {
        text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0xe0 + c));
      }
      texts.add(text.toString());
    }
    for (int round = 0; round < 3; round++) {
      for (String text : texts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(RecurringStrings.decode(bytes, 0, bytes.length)).isEqualTo(text);
      }
    }
  }

  @Test
  void theFraudSpecsNamesEachKeepASlotOfTheirOwn() {
    // the fraud-baseline spec's features and entity keys, and its version: a collision between
    // two of them would decode both anew for every vector
    List<String> names =
        List.of(
            "TX_AMOUNT",
            "TX_DURING_WEEKEND",
            "TX_DURING_NIGHT",
            "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
            "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
            "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
            "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
            "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
            "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW",
            "TERMINAL_ID_NB_TX_1DAY_WINDOW",
            "TERMINAL_ID_RISK_1DAY_WINDOW",
            "TERMINAL_ID_NB_TX_7DAY_WINDOW",
            "TERMINAL_ID_RISK_7DAY_WINDOW",
            "TERMINAL_ID_NB_TX_30DAY_WINDOW",
            "TERMINAL_ID_RISK_30DAY_WINDOW",
            "customerId",
            "terminalId",
            "fraud-baseline:1");
    List<String> first = new ArrayList<>();
    for (String name : names) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      first.add(RecurringStrings.decode(bytes, 0, bytes.length));
    }
    for (int i = 0; i < names.size(); i++) {
      byte[] bytes = names.get(i).getBytes(StandardCharsets.UTF_8);
      assertThat(RecurringStrings.decode(bytes, 0, bytes.length))
          .as(names.get(i))
          .isSameAs(first.get(i));
    }
  }

  @Test
  void longStringsAreDecodedButNotKept() {
    byte[] bytes = "x".repeat(RecurringStrings.MAX_BYTES + 1).getBytes(StandardCharsets.UTF_8);

    String a = RecurringStrings.decode(bytes, 0, bytes.length);
    String b = RecurringStrings.decode(bytes, 0, bytes.length);

    assertThat(b).isEqualTo(a).isNotSameAs(a);
  }

  @Test
  void mapKeysAreSharedAcrossRecordsAndValuesAreNot() throws IOException {
    Map<String, Double> doubles = Map.of("amount", 12.5, "customer_nb_tx_7d", 3.0);
    Map<String, String> strings = Map.of("customer_id", "C1", "terminal_id", "T9");

    AvroWireReader first = new AvroWireReader(record(doubles, strings));
    AvroWireReader second = new AvroWireReader(record(doubles, strings));
    HashMap<String, Double> firstDoubles = first.readDoubleMap();
    HashMap<String, String> firstStrings = first.readStringMap();
    HashMap<String, Double> secondDoubles = second.readDoubleMap();
    HashMap<String, String> secondStrings = second.readStringMap();

    assertThat(firstDoubles).isEqualTo(doubles).isEqualTo(secondDoubles);
    assertThat(firstStrings).isEqualTo(strings).isEqualTo(secondStrings);
    assertThat(second.atEnd()).isTrue();
    for (String key : doubles.keySet()) {
      assertThat(sameKey(secondDoubles, key)).isSameAs(sameKey(firstDoubles, key));
    }
    for (String key : strings.keySet()) {
      assertThat(sameKey(secondStrings, key)).isSameAs(sameKey(firstStrings, key));
      assertThat(secondStrings.get(key)).isNotSameAs(firstStrings.get(key));
    }
  }

  /** The key object {@code map} holds that equals {@code key}. */
  private static String sameKey(Map<String, ?> map, String key) {
    return map.keySet().stream().filter(key::equals).findFirst().orElseThrow();
  }

  /** A wire-format record (header, then a map of doubles and a map of strings). */
  private static byte[] record(Map<String, Double> doubles, Map<String, String> strings)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[ConfluentWireFormat.HEADER_SIZE]);
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    out.writeMapStart();
    out.setItemCount(doubles.size());
    for (Map.Entry<String, Double> e : doubles.entrySet()) {
      out.startItem();
      out.writeString(e.getKey());
      out.writeDouble(e.getValue());
    }
    out.writeMapEnd();
    out.writeMapStart();
    out.setItemCount(strings.size());
    for (Map.Entry<String, String> e : strings.entrySet()) {
      out.startItem();
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
    out.writeMapEnd();
    out.flush();
    return bytes.toByteArray();
  }
}
