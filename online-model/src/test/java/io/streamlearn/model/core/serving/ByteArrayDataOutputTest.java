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
  void shouldKeepChunksThatHoldTheBytesADataOutputStreamWrites() throws IOException {
    byte[] large = new byte[1_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) i;
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream stream = new DataOutputStream(expected);
    writeAll(stream);
    stream.write(large); // across several chunks
    stream.writeBytes("x".repeat(300)); // longer than a chunk: one longer chunk
    stream.writeLong(42);
    ByteArrayDataOutput out = ByteArrayDataOutput.chunked(128);
    writeAll(out);
    out.write(large);
    out.writeBytes("x".repeat(300));
    out.writeLong(42);

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    out.chunks().forEach(joined::writeBytes);
    assertThat(joined.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(out.chunks()).hasSizeGreaterThan(30);
    assertThat(out.chunks()).filteredOn(c -> c.length > 128).hasSize(1);
    assertThat(out.chunks().get(out.chunks().size() - 1)).hasSize(8);
    assertThatThrownBy(() -> ByteArrayDataOutput.chunked(8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAStringLongerThanUtfCanSay() {
    String tooLong = "x".repeat(65_536);
    assertThatThrownBy(() -> new ByteArrayDataOutput(16).writeUTF(tooLong))
        .isInstanceOf(UTFDataFormatException.class);
  }
}
