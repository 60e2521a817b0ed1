package dev.parley.store.rocksdb;

import dev.parley.core.feed.FeedStore;
import dev.parley.core.feed.ReadModelContract;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class RocksReadModelTest extends ReadModelContract {
  @TempDir Path dir;
  private RocksStore store;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC());
    TestUsers.register(store, java.util.List.of("aaaa", "bbbb", "cccc", "dddd"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected ConversationLog log() {
    return store.log();
  }

  @Override
  protected FeedStore feed() {
    return store.feedStore();
  }

  @Override
  protected HistoryStore history() {
    return store.historyStore();
  }
}
