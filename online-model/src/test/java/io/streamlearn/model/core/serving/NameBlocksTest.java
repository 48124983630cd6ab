package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameBlocksTest {

  /** The UTF block of {@code names}, behind {@code pad} other bytes. */
  private static byte[] block(int pad, String... names) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[pad]);
    DataOutputStream out = new DataOutputStream(bytes);
    for (String name : names) {
      out.writeUTF(name);
    }
    return bytes.toByteArray();
  }

  private static NameBlocks.Block keep(NameBlocks blocks, int pad, String... names)
      throws IOException {
    byte[] bytes = block(pad, names);
    return blocks.block(bytes, pad, bytes.length, names.length);
  }

  @Test
  void shouldKeepEachBlockOnceWhereverItsBytesStand() throws IOException {
    NameBlocks blocks = new NameBlocks(8);

    NameBlocks.Block a = keep(blocks, 0, "amount", "count", "naïve");
    NameBlocks.Block again = keep(blocks, 5, "amount", "count", "naïve");
    keep(blocks, 0, "x");
    NameBlocks.Block afterAnother = keep(blocks, 3, "amount", "count", "naïve");

    assertThat(a.names()).containsExactly("amount", "count", "naïve");
    assertThat(again).isSameAs(a);
    assertThat(afterAnother).isSameAs(a);
    assertThat(blocks.find(a.fingerprint())).isSameAs(a);
    assertThat(blocks.size()).isEqualTo(2);
    assertThat(a.fingerprint())
        .isEqualTo(NameBlocks.fingerprint(block(0, "amount", "count", "naïve"), 0, a.utf().length));
  }

  @Test
  void shouldKeepNoMoreBlocksThanItsCapacity() throws IOException {
    NameBlocks blocks = new NameBlocks(2);
    NameBlocks.Block a = keep(blocks, 0, "a");
    NameBlocks.Block b = keep(blocks, 0, "b");

    assertThat(keep(blocks, 0, "c")).isNull();
    assertThat(blocks.size()).isEqualTo(2);
    assertThat(keep(blocks, 0, "a")).isSameAs(a);
    assertThat(blocks.find(b.fingerprint())).isSameAs(b);
  }

  @Test
  void shouldRefuseNamesThatAreNotAscendingAndDistinctOrDoNotFillTheBlock() throws IOException {
    NameBlocks blocks = new NameBlocks(8);
    byte[] short1 = block(0, "a", "b");

    assertThat(keep(blocks, 0, "b", "a")).isNull();
    assertThat(keep(blocks, 0, "a", "a")).isNull();
    assertThat(blocks.block(short1, 0, short1.length, 1)).isNull(); // bytes left over
    assertThat(blocks.block(short1, 0, short1.length - 1, 2)).isNull(); // truncated
    byte[] huge = block(0, "x".repeat(40_000), "y".repeat(40_000));
    assertThat(blocks.block(huge, 0, huge.length, 2)).isNull();
    assertThat(blocks.size()).isZero();
  }

  @Test
  void shouldNeverGiveABlockWhoseFingerprintIsTakenAnotherBlocksNames() throws IOException {
    NameBlocks blocks = new NameBlocks(8);
    NameBlocks.Block a = keep(blocks, 0, "a", "b");
    byte[] other = block(0, "a", "c");
    long taken = a.fingerprint();
    // another block under the same fingerprint, as a collision would put it there
    byte[] forged = Arrays.copyOf(other, other.length);

    assertThat(blocks.block(forged, 0, forged.length, 2, taken)).isNull();
    assertThat(blocks.find(taken)).isSameAs(a);
    assertThat(blocks.block(forged, 0, forged.length, 2)).isNotNull();
  }

  @Test
  void shouldSpreadNamesThatDifferInOneCharacter() throws IOException {
    byte[] one = block(0, "CUSTOMER_ID_NB_TX_1DAY_WINDOW");
    byte[] seven = block(0, "CUSTOMER_ID_NB_TX_7DAY_WINDOW");

    assertThat(NameBlocks.fingerprint(one, 0, one.length))
        .isNotEqualTo(NameBlocks.fingerprint(seven, 0, seven.length));
    assertThat(NameBlocks.fingerprint(one, 0, one.length - 1))
        .isNotEqualTo(NameBlocks.fingerprint(one, 0, one.length));
  }

  @Test
  void shouldRestoreTheBlocksItExportedInAnotherTableEvenPastItsCapacity() throws IOException {
    NameBlocks saved = new NameBlocks(8);
    NameBlocks.Block a = keep(saved, 0, "amount", "count", "naïve");
    NameBlocks.Block b = keep(saved, 2, "x");
    List<byte[]> exported = saved.export();
    NameBlocks fresh = new NameBlocks(1);
    NameBlocks.Block other = keep(fresh, 0, "y"); // full already

    exported.forEach(fresh::restore);
    exported.forEach(fresh::restore); // a block kept already is left as it is

    assertThat(fresh.size()).isEqualTo(3);
    assertThat(fresh.find(a.fingerprint()).names()).containsExactly(a.names());
    assertThat(fresh.find(a.fingerprint()).utf()).isEqualTo(a.utf());
    assertThat(fresh.find(b.fingerprint()).names()).containsExactly("x");
    assertThat(fresh.find(other.fingerprint())).isSameAs(other);
    assertThat(exported).hasSize(2);
  }

  @Test
  void shouldRestoreABlockUnderTheFingerprintItWasSavedWith() throws IOException {
    // as a build that computed fingerprints otherwise saved it: local bytes hold that one
    NameBlocks saved = new NameBlocks(8);
    byte[] bytes = block(0, "amount", "count");
    long elsewhere = NameBlocks.fingerprint(bytes, 0, bytes.length) + 1;
    assertThat(saved.block(bytes, 0, bytes.length, 2, elsewhere)).isNotNull();
    NameBlocks fresh = new NameBlocks(8);

    saved.export().forEach(fresh::restore);

    assertThat(fresh.find(elsewhere).names()).containsExactly("amount", "count");
    // this build's own fingerprint of the names gets a block of its own when events come
    NameBlocks.Block own = fresh.block(bytes, 0, bytes.length, 2);
    assertThat(own.fingerprint()).isNotEqualTo(elsewhere);
    assertThat(own.names()).containsExactly("amount", "count");
  }

  @Test
  void shouldRefuseToRestoreBytesThatAreNotAnExportedBlockOrWhoseFingerprintIsTaken()
      throws IOException {
    NameBlocks saved = new NameBlocks(8);
    NameBlocks.Block a = keep(saved, 0, "a", "b");
    byte[] exported = saved.export().get(0);
    NameBlocks fresh = new NameBlocks(8);

    byte[] truncated = Arrays.copyOf(exported, exported.length - 1);
    assertThatThrownBy(() -> fresh.restore(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hold 2 names in ascending order");
    byte[] newer = exported.clone();
    newer[0] = 9;
    assertThatThrownBy(() -> fresh.restore(newer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9; this build reads 1");
    assertThatThrownBy(() -> fresh.restore(new byte[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 bytes");
    // another block under a's fingerprint, as a collision would put it there
    byte[] other = block(0, "a", "c");
    assertThat(fresh.block(other, 0, other.length, 2, a.fingerprint())).isNotNull();
    assertThatThrownBy(() -> fresh.restore(exported))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("which another block of this process holds");
    assertThat(fresh.size()).isEqualTo(1);
  }
}
