package dev.parley.store.rocksdb;

import dev.parley.core.group.GroupLimits;

/**
 * Tuning of the embedded store. The server fills it from its options ({@code --sync-writes}, {@code
 * --store-*}, {@code --conversation-cache}); docs/operations.md gives the defaults.
 *
 * @param syncWrites fsync the WAL before acknowledging (the default; false trades durability on
 *     power loss or kernel crash for speed — a crash of the process alone loses nothing either way)
 * @param shards number of sequencer threads conversations are hashed over; 0: one per core, at
 *     least 2
 * @param shardQueue per-shard queue bound; beyond it writes are refused as overloaded
 * @param maxBatch most writes one group commit takes
 * @param blockCacheBytes RocksDB block cache size
 * @param conversationCache conversation states each shard keeps in memory
 * @param groupLimits limits on groups, enforced by the sequencer shards
 */
public record RocksStoreOptions(
    boolean syncWrites,
    int shards,
    int shardQueue,
    int maxBatch,
    long blockCacheBytes,
    int conversationCache,
    GroupLimits groupLimits) {

  /** The number of shards to run: {@link #shards}, or one per core (at least 2) for 0. */
  int shardCount() {
    return shards > 0 ? shards : Math.max(2, Runtime.getRuntime().availableProcessors());
  }
}
