package dev.parley.cluster.kafka;

import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupLogContract;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import org.junit.jupiter.api.AfterEach;

/** The group contract on real Kafka and Cassandra. */
class KafkaGroupLogTest extends GroupLogContract {
  private KafkaLogFixture fixture;

  @Override
  protected ConversationLog open() {
    fixture = new KafkaLogFixture(USERS);
    return fixture.open().start();
  }

  @Override
  protected ConversationLog reopen() {
    log.close();
    return fixture.open().start();
  }

  @Override
  protected GroupStore groups() {
    return fixture.groups;
  }

  @Override
  protected FeedStore feed() {
    return fixture.feeds;
  }

  @Override
  protected HistoryStore history() {
    return fixture.history;
  }

  @AfterEach
  void closeFixture() {
    fixture.close();
  }
}
