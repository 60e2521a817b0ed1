package dev.parley.cluster.kafka;

import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.ConversationLogContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The log contract on real Kafka and Cassandra, with sequencer transactions that span batches
 * (KafkaGroupLogTest has one per batch).
 */
class KafkaConversationLogTest extends ConversationLogContract {
  private KafkaLogFixture fixture;

  @Override
  protected ConversationLog open() {
    fixture = new KafkaLogFixture(USERS, Duration.ofMillis(300));
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
