package dev.parley.store.rocksdb;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.AccountStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class RocksAccountStoreTest extends AccountStoreContract {
  @TempDir Path dir;
  private RocksStore store;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected AccountStore store() {
    return store.accountStore();
  }
}
