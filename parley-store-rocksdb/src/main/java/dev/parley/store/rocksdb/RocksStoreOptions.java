package dev.parley.store.rocksdb;

/**
 * Tuning of the embedded store.
 *
 * @param syncWrites fsync the WAL before acknowledging (the default; false trades durability on
 *     power loss or kernel crash for speed — a crash of the process alone loses nothing either way)
 * @param shards number of sequencer threads conversations are hashed over
 * @param shardQueue per-shard queue bound; beyond it writes are refused as overloaded
 * @param maxBatch most writes one group commit takes
 * @param blockCacheBytes RocksDB block cache size
 */
public record RocksStoreOptions(
    boolean syncWrites, int shards, int shardQueue, int maxBatch, long blockCacheBytes) {
  public static RocksStoreOptions defaults() {
    return new RocksStoreOptions(
        true, Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000, 2_000, 64L << 20);
  }

  public RocksStoreOptions withSyncWrites(boolean sync) {
    return new RocksStoreOptions(sync, shards, shardQueue, maxBatch, blockCacheBytes);
  }
}
