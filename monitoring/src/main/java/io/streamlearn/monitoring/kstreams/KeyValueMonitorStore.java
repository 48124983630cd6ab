package io.streamlearn.monitoring.kstreams;

import io.streamlearn.monitoring.core.stage.CheckpointedMonitor;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One monitor's snapshot and log in the stage's key-value store: the snapshot under {@code
 * <monitor>/snapshot}, the log under {@code <monitor>/log/<sequence>} with the sequence zero-padded
 * to 19 digits, so a range scan returns it in order. Monitor names hold no {@code /}.
 */
final class KeyValueMonitorStore implements CheckpointedMonitor.Store {

  private final KeyValueStore<String, byte[]> store;
  private final String snapshotKey;
  private final String logPrefix;
  private long nextSequence;

  KeyValueMonitorStore(KeyValueStore<String, byte[]> store, String monitor) {
    this.store = store;
    this.snapshotKey = monitor + "/snapshot";
    this.logPrefix = monitor + "/log/";
  }

  @Override
  public byte[] snapshot() {
    return store.get(snapshotKey);
  }

  @Override
  public Iterable<byte[]> log() {
    List<byte[]> entries = new ArrayList<>();
    long last = -1;
    try (KeyValueIterator<String, byte[]> it =
        store.prefixScan(logPrefix, new org.apache.kafka.common.serialization.StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        entries.add(kv.value);
        last = Long.parseLong(kv.key.substring(logPrefix.length()));
      }
    }
    nextSequence = last + 1;
    return entries;
  }

  @Override
  public void saveSnapshot(byte[] state) {
    store.put(snapshotKey, state);
  }

  @Override
  public void appendLog(byte[] entry) {
    store.put(logPrefix + String.format("%019d", nextSequence++), entry);
  }

  @Override
  public void clearLog() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        store.prefixScan(logPrefix, new org.apache.kafka.common.serialization.StringSerializer())) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    for (String key : keys) {
      store.delete(key);
    }
    nextSequence = 0;
  }
}
