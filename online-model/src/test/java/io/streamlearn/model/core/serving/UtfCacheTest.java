package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.spec.FeatureSpecYaml;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UtfCacheTest {

  @AfterEach
  void clear() {
    UtfCache.clear();
  }

  private static byte[] writeUtf(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeUTF(s);
    return bytes.toByteArray();
  }

  @Test
  void shouldGiveTheBytesWriteUtfWritesFirstAndAfterwards() throws IOException {
    for (String s :
        List.of("customer_spend_7d", "", "naïve\u0000€ 𝄞 \u07ff\u0800", "customerId")) {
      assertThat(UtfCache.encoded(s)).isEqualTo(writeUtf(s));
      assertThat(UtfCache.encoded(new String(s))).isEqualTo(writeUtf(s)); // an equal copy
    }
  }

  @Test
  void shouldNeverGiveTheBytesOfAnotherStringOfTheSameSlot() throws IOException {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    for (int i = 0; i < 3; i++) {
      assertThat(UtfCache.encoded("Aa")).isEqualTo(writeUtf("Aa"));
      assertThat(UtfCache.encoded("BB")).isEqualTo(writeUtf("BB"));
    }
  }

  @Test
  void shouldKeepEveryNameOfTheDefaultSpecInASlotOfItsOwn() throws IOException {
    // the default spec's features and entity keys: a collision between two of them would
    // re-encode both for every scored event
    FeatureSpec spec = FeatureSpecYaml.fraudBaseline();
    List<String> names = new ArrayList<>(spec.featureNames());
    names.addAll(spec.entityKeys());
    assertThat(names).contains("TX_AMOUNT", "TERMINAL_ID_NB_TX_1DAY_WINDOW", "customerId");
    List<byte[]> first = new ArrayList<>();
    for (String name : names) {
      first.add(UtfCache.encoded(name));
    }
    for (int i = 0; i < names.size(); i++) {
      assertThat(UtfCache.encoded(names.get(i))).as(names.get(i)).isSameAs(first.get(i));
      assertThat(first.get(i)).isEqualTo(writeUtf(names.get(i)));
    }
  }

  @Test
  void shouldRefuseAStringLongerThanUtfCanSay() {
    assertThatThrownBy(() -> UtfCache.encoded("x".repeat(65_536)))
        .isInstanceOf(UTFDataFormatException.class);
  }
}
