package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestTimeHeaderTest {

  @Test
  void aTimeRoundTripsThroughEightBigEndianBytes() {
    byte[] value = IngestTimeHeader.encode(1_795_000_000_123L);
    assertThat(value).hasSize(8);
    assertThat(value[0]).isZero(); // big-endian: the high byte first
    assertThat(IngestTimeHeader.decode(value)).hasValue(1_795_000_000_123L);
  }

  @Test
  void aValueThatIsNotATimeIsIgnoredRatherThanMisread() {
    assertThat(IngestTimeHeader.decode(null)).isEmpty();
    assertThat(IngestTimeHeader.decode(new byte[] {1, 2, 3})).isEmpty();
    assertThat(IngestTimeHeader.decode(IngestTimeHeader.encode(-1))).isEmpty();
  }
}
