package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerCodecTest {

  private final LearnerCodec codec = LearnerCodec.standard();

  private static OnlineClassifier trained() {
    OnlineClassifier nb = new GaussianNaiveBayes();
    for (SyntheticStreams.Example e : SyntheticStreams.separable(1, 50)) {
      nb.learnOne(e.x(), e.y());
    }
    return nb;
  }

  @Test
  void theHeaderCarriesMagicKindVersionLengthAndChecksum() throws IOException {
    OnlineClassifier nb = trained();
    byte[] bytes = codec.encode(nb);
    byte[] payload = LearnerCodec.payload(nb);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    assertThat(in.readInt()).isEqualTo(0x534C524E);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SLRN");
    assertThat(in.readUnsignedByte()).isEqualTo(1);
    assertThat(in.readUTF()).isEqualTo("gaussian-naive-bayes");
    assertThat(in.readInt()).isEqualTo(1);
    assertThat(in.readInt()).isEqualTo(payload.length);
    byte[] read = new byte[payload.length];
    in.readFully(read);
    assertThat(read).isEqualTo(payload);
    in.readInt();
    assertThat(in.available()).isZero();
  }

  @Test
  void aBarePayloadIsReadWithTheKindAndVersionGivenAlongside() throws IOException {
    OnlineClassifier nb = trained();
    OnlineClassifier back =
        codec.decodePayload("gaussian-naive-bayes", 1, LearnerCodec.payload(nb));
    assertThat(codec.encode(back)).isEqualTo(codec.encode(nb));
  }

  @Test
  void learnersWrittenOneAfterAnotherAreReadBackInOrder() throws IOException {
    OnlineClassifier a = trained();
    OnlineClassifier b = new GaussianNaiveBayes(new GaussianNaiveBayes.Settings(0.5));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    LearnerCodec.write(a, out);
    LearnerCodec.write(b, out);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(codec.encode(codec.read(in))).isEqualTo(codec.encode(a));
    assertThat(((GaussianNaiveBayes) codec.read(in)).settings().varSmoothing()).isEqualTo(0.5);
  }

  @Test
  void everyTruncationIsReportedAsTruncated() {
    byte[] bytes = codec.encode(trained());
    for (int n = 0; n < bytes.length; n++) {
      byte[] prefix = Arrays.copyOf(bytes, n);
      assertThatThrownBy(() -> codec.decode(prefix))
          .as("prefix of %d bytes", n)
          .isInstanceOf(LearnerFormatException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void aFlippedPayloadByteFailsTheChecksum() {
    byte[] bytes = codec.encode(trained());
    bytes[bytes.length - 20] ^= 0x10;
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void bytesThatAreNotALearnerAreRejectedByTheirMagic() {
    assertThatThrownBy(() -> codec.decode("{\"json\": true}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("not streamlearn learner bytes");
  }

  @Test
  void anUnknownKindIsNamedWithTheKnownOnes() {
    byte[] bytes = header("perceptron-9000", 1, new byte[0]);
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("unknown learner kind 'perceptron-9000'")
        .hasMessageContaining("gaussian-naive-bayes");
  }

  @Test
  void anUnsupportedLayoutVersionIsNamedWithTheSupportedRange() {
    byte[] bytes = header("gaussian-naive-bayes", 7, LearnerCodec.payload(trained()));
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("version 7 is not supported")
        .hasMessageContaining("versions 1 to 1");
  }

  @Test
  void anUnsupportedHeaderVersionIsRejected() {
    byte[] bytes = codec.encode(trained());
    bytes[4] = 2;
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("header version 2");
  }

  @Test
  void trailingBytesAreReported() {
    byte[] bytes = codec.encode(trained());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("3 trailing bytes");
  }

  @Test
  void aPayloadWithBytesLeftOverIsCorrupt() {
    byte[] payload = LearnerCodec.payload(trained());
    byte[] longer = Arrays.copyOf(payload, payload.length + 8);
    assertThatThrownBy(() -> codec.decode(header("gaussian-naive-bayes", 1, longer)))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("8 bytes left unread");
  }

  @Test
  void aPayloadWithImpossibleStateIsCorrupt() {
    byte[] payload = LearnerCodec.payload(trained());
    ByteBuffer.wrap(payload).putDouble(0, -1.0); // var_smoothing
    assertThatThrownBy(() -> codec.decode(header("gaussian-naive-bayes", 1, payload)))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("corrupt gaussian-naive-bayes learner payload")
        .hasMessageContaining("var_smoothing");
  }

  @Test
  void aCatalogWithoutTheKindCannotReadIt() {
    LearnerCodec empty = new LearnerCodec(LearnerCatalog.of(List.of()));
    byte[] bytes = codec.encode(trained());
    assertThatThrownBy(() -> empty.decode(bytes))
        .isInstanceOf(LearnerFormatException.class)
        .hasMessageContaining("unknown learner kind 'gaussian-naive-bayes'");
    assertThat(LearnerCatalog.standard().create("gaussian-naive-bayes", Map.of())).isNotNull();
  }

  private static byte[] header(String kind, int version, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(LearnerCodec.MAGIC);
      out.writeByte(1);
      out.writeUTF(kind);
      out.writeInt(version);
      out.writeInt(payload.length);
      out.write(payload);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(payload);
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }
}
