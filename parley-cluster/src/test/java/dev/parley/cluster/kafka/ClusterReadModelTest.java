package dev.parley.cluster.kafka;

import dev.parley.core.feed.FeedStore;
import dev.parley.core.feed.ReadModelContract;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The read seams' contract over what the Kafka log wrote to Cassandra. */
class ClusterReadModelTest extends ReadModelContract {
  private KafkaLogFixture fixture;
  private KafkaConversationLog log;

  @BeforeEach
  void open() {
    fixture = new KafkaLogFixture(List.of("aaaa", "bbbb", "cccc", "dddd"));
    log = fixture.open().start();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Override
  protected ConversationLog log() {
    return log;
  }

  @Override
  protected FeedStore feed() {
    return fixture.feeds;
  }

  @Override
  protected HistoryStore history() {
    return fixture.history;
  }
}
