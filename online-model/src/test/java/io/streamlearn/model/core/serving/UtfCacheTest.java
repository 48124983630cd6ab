package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
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
  void shouldRefuseAStringLongerThanUtfCanSay() {
    assertThatThrownBy(() -> UtfCache.encoded("x".repeat(65_536)))
        .isInstanceOf(UTFDataFormatException.class);
  }
}
