package dev.parley.store.rocksdb;

import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupLogContract;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The group contract on the embedded store. */
class RocksGroupLogTest extends GroupLogContract {
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

  @Override
  protected GroupStore groups() {
    return store.groupStore();
  }

  @Override
  protected FeedStore feed() {
    return store.feedStore();
  }

  @Override
  protected HistoryStore history() {
    return store.historyStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
