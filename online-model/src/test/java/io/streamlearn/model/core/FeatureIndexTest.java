package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FeatureIndexTest {

  @Test
  void namesGetDenseSlotsInOrderOfFirstAppearance() {
    FeatureIndex index = new FeatureIndex();
    assertThat(index.indexOf("amount")).isEqualTo(-1);
    assertThat(index.intern("amount")).isZero();
    assertThat(index.intern("hour")).isEqualTo(1);
    assertThat(index.intern(new String("amount"))).isZero();
    assertThat(index.indexOf("hour")).isEqualTo(1);
    assertThat(index.size()).isEqualTo(2);
    assertThat(index.name(1)).isEqualTo("hour");
  }

  @Test
  void slotsSurviveGrowthAndARoundTrip() throws IOException {
    FeatureIndex index = new FeatureIndex();
    for (int i = 0; i < 10_000; i++) {
      assertThat(index.intern("feature-" + i)).isEqualTo(i);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    index.writeTo(new DataOutputStream(bytes));
    FeatureIndex back =
        FeatureIndex.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i += 7) {
      assertThat(back.indexOf("feature-" + i)).isEqualTo(i);
      assertThat(index.indexOf("feature-" + i)).isEqualTo(i);
    }
    assertThat(back.indexOf("feature-10000")).isEqualTo(-1);
  }

  @Test
  void namesWithCollidingHashCodesKeepTheirOwnSlots() {
    FeatureIndex index = new FeatureIndex();
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(index.intern("Aa")).isZero();
    assertThat(index.intern("BB")).isEqualTo(1);
    assertThat(index.indexOf("Aa")).isZero();
    assertThat(index.indexOf("BB")).isEqualTo(1);
  }
}
