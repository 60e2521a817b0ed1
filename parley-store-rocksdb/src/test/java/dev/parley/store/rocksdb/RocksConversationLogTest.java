package dev.parley.store.rocksdb;

import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.ConversationLogContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class RocksConversationLogTest extends ConversationLogContract {
  @TempDir Path dir;
  private RocksStore store;

  @Override
  protected ConversationLog open() {
    store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC());
    TestUsers.register(store, USERS);
    return store.log();
  }

  @Override
  protected ConversationLog reopen() {
    store.close();
    return open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
