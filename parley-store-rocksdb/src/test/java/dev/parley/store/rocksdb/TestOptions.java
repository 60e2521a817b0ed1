package dev.parley.store.rocksdb;

import dev.parley.core.group.GroupLimits;

/** Store options for tests: the sizes of the server's defaults, though no test depends on them. */
final class TestOptions {
  static final RocksStoreOptions DEFAULTS =
      new RocksStoreOptions(true, 0, 10_000, 2_000, 64L << 20, 50_000, GroupLimits.DEFAULTS);

  private TestOptions() {}
}
