package io.streamlearn.monitoring.kstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyValueMonitorStoreTest {

  private KeyValueStore<String, byte[]> store;

  @BeforeEach
  void setUp() {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("monitors"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private List<KeyValue<String, byte[]>> entries() {
    List<KeyValue<String, byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    return all;
  }

  @Test
  void aSnapshotLargerThanAKafkaRecordIsKeptInChunksAndReadBackWhole() {
    KeyValueMonitorStore monitor = new KeyValueMonitorStore(store, "customers");
    byte[] state = bytes(2 * KeyValueMonitorStore.CHUNK_BYTES + 12_345, 1);

    monitor.saveSnapshot(state);

    assertThat(new KeyValueMonitorStore(store, "customers").snapshot()).isEqualTo(state);
    assertThat(entries())
        .extracting(kv -> kv.key)
        .containsExactly(
            "customers/chunk/0000000000000000000/0000000000",
            "customers/chunk/0000000000000000000/0000000001",
            "customers/chunk/0000000000000000000/0000000002",
            "customers/chunks");
    assertThat(entries())
        .allSatisfy(kv -> assertThat(kv.value.length).isLessThanOrEqualTo(512 * 1024));
  }

  @Test
  void eachSnapshotReplacesTheChunksOfEveryEarlierOneAndLeavesOtherMonitorsAlone() {
    KeyValueMonitorStore customers = new KeyValueMonitorStore(store, "customers");
    KeyValueMonitorStore scores = new KeyValueMonitorStore(store, "customers-score");
    scores.saveSnapshot(bytes(100, 9));
    customers.saveSnapshot(bytes(3 * KeyValueMonitorStore.CHUNK_BYTES, 2));
    // chunks a crash left between a head and the deletions that follow it
    store.put("customers/chunk/0000000000000000007/0000000000", new byte[] {1});
    byte[] smaller = bytes(1_000, 3);

    customers.saveSnapshot(smaller);
    byte[] empty = new byte[0];
    scores.saveSnapshot(empty);

    assertThat(customers.snapshot()).isEqualTo(smaller);
    assertThat(scores.snapshot()).isEqualTo(empty);
    assertThat(entries())
        .extracting(kv -> kv.key)
        .containsExactly(
            "customers-score/chunks",
            "customers/chunk/0000000000000000001/0000000000",
            "customers/chunks");
  }

  @Test
  void aSnapshotOfTheEarlierSingleKeyLayoutIsReadThenReplacedByChunks() {
    byte[] old = bytes(5_000, 4);
    store.put("customers/snapshot", old);
    KeyValueMonitorStore monitor = new KeyValueMonitorStore(store, "customers");

    assertThat(monitor.snapshot()).isEqualTo(old);

    byte[] next = bytes(6_000, 5);
    monitor.saveSnapshot(next);
    assertThat(monitor.snapshot()).isEqualTo(next);
    assertThat(store.get("customers/snapshot")).isNull();
  }

  @Test
  void aMissingOrAlteredChunkIsAnErrorNotAnotherState() {
    KeyValueMonitorStore monitor = new KeyValueMonitorStore(store, "customers");
    byte[] state = bytes(KeyValueMonitorStore.CHUNK_BYTES + 10, 6);
    monitor.saveSnapshot(state);
    String second = "customers/chunk/0000000000000000000/0000000001";
    byte[] tail = store.get(second);

    tail[3] ^= 1;
    store.put(second, tail);
    assertThatThrownBy(monitor::snapshot)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not match its head's length and checksum");

    store.delete(second);
    assertThatThrownBy(monitor::snapshot)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chunk 1 of snapshot generation 0 of monitor 'customers' is missing");

    store.put("customers/chunks", new byte[] {0, 0, 0, 9});
    assertThatThrownBy(monitor::snapshot)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not of a known format");
  }

  @Test
  void chunksCutToAnotherSizeAreReadAsTheHeadCountsThem() {
    byte[] state = bytes(10_000, 8);
    for (int i = 0; i < 4; i++) {
      store.put(
          "customers/chunk/0000000000000000003/000000000" + i,
          Arrays.copyOfRange(state, i * 2_500, (i + 1) * 2_500));
    }
    CRC32 crc = new CRC32();
    crc.update(state);
    store.put(
        "customers/chunks",
        ByteBuffer.allocate(28)
            .putInt(1)
            .putLong(3)
            .putInt(4)
            .putInt(state.length)
            .putLong(crc.getValue())
            .array());

    assertThat(new KeyValueMonitorStore(store, "customers").snapshot()).isEqualTo(state);
  }

  @Test
  void theLogIsKeptInOrderBesideTheChunksAndClearedAlone() {
    KeyValueMonitorStore monitor = new KeyValueMonitorStore(store, "customers");
    monitor.log();
    byte[] state = bytes(KeyValueMonitorStore.CHUNK_BYTES + 1, 7);
    monitor.saveSnapshot(state);
    for (int i = 0; i < 12; i++) {
      monitor.appendLog(new byte[] {(byte) i});
    }

    KeyValueMonitorStore restored = new KeyValueMonitorStore(store, "customers");
    List<byte[]> log = new ArrayList<>();
    restored.log().forEach(log::add);
    assertThat(log).extracting(b -> (int) b[0]).containsExactlyElementsOf(range(12));
    restored.clearLog();
    assertThat(restored.log()).isEmpty();
    assertThat(restored.snapshot()).isEqualTo(state);
  }

  private static List<Integer> range(int n) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(i);
    }
    return values;
  }
}
