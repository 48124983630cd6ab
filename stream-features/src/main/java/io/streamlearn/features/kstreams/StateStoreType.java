package io.streamlearn.features.kstreams;

/** Where the topology's stores keep their data; both are changelogged, so both survive restarts. */
public enum StateStoreType {
  /** RocksDB on local disk: state larger than memory; the default. */
  ROCKSDB,
  /**
   * On the heap: faster, and restored from the changelog at every start; for small key spaces and
   * for tests (the {@code TopologyTestDriver} commits, and so flushes RocksDB, after every record).
   */
  IN_MEMORY
}
