package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import org.junit.jupiter.api.Test;

class ByteArrayDataOutputTest {

  /** Every kind of write, with strings of one-, two- and three-byte characters and a NUL. */
  private static void writeAll(DataOutput out) throws IOException {
    out.writeByte(0x81);
    out.writeBoolean(true);
    out.writeBoolean(false);
    out.writeShort(-2);
    out.writeChar('é');
    out.writeInt(Integer.MIN_VALUE + 3);
    out.writeLong(-1_234_567_890_123L);
    out.writeFloat(1.5f);
    out.writeDouble(Double.NaN);
    out.writeDouble(-0.1);
    out.writeUTF("customer_spend_7d");
    out.writeUTF("");
    out.writeUTF("naïve\u0000€ 𝄞 \u07ff\u0800");
    out.writeBytes("ab");
    out.writeChars("ç€");
    out.write(new byte[] {5, 6, 7}, 1, 2);
    for (int i = 0; i < 300; i++) {
      out.writeUTF("feature_" + i); // past the initial capacity
    }
  }

  @Test
  void shouldWriteTheBytesADataOutputStreamWrites() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    writeAll(new DataOutputStream(expected));
    ByteArrayDataOutput out = new ByteArrayDataOutput(16);
    writeAll(out);

    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void shouldRefuseAStringLongerThanUtfCanSay() {
    String tooLong = "x".repeat(65_536);
    assertThatThrownBy(() -> new ByteArrayDataOutput(16).writeUTF(tooLong))
        .isInstanceOf(UTFDataFormatException.class);
  }
}
