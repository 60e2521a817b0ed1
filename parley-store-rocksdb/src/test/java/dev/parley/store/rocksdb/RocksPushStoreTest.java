package dev.parley.store.rocksdb;

import dev.parley.core.push.PushStore;
import dev.parley.core.push.PushStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class RocksPushStoreTest extends PushStoreContract {
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
  protected PushStore store() {
    return store.pushStore();
  }

  @Override
  protected void reopen() {
    store.close();
    open();
  }
}
