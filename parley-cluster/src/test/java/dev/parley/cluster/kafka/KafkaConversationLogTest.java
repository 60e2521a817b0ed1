package dev.parley.cluster.kafka;

import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.ConversationLogContract;
import org.junit.jupiter.api.AfterEach;

/** The log contract on real Kafka and Cassandra. */
class KafkaConversationLogTest extends ConversationLogContract {
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

  @AfterEach
  void closeFixture() {
    fixture.close();
  }
}
