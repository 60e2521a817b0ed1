package dev.parley.cluster.kafka;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.cluster.cassandra.CassandraAccountStore;
import dev.parley.cluster.cassandra.CassandraFeedStore;
import dev.parley.cluster.cassandra.CassandraHistoryStore;
import dev.parley.cluster.cassandra.CassandraSchema;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.core.account.UserAccount;
import dev.parley.engines.Engines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka conversation log over the shared test engines, with a keyspace and topics of its own: one
 * node that owns every partition, replying to itself.
 */
final class KafkaLogFixture implements AutoCloseable {
  private static CqlSession session;

  private final String name = Engines.uniqueName("log");
  final CassandraAccountStore accounts;
  final CassandraFeedStore feeds;
  final CassandraHistoryStore history;
  private final SequencerTables tables;
  private KafkaConversationLog log;

  KafkaLogFixture(List<String> users) {
    CqlSession cql = session();
    CassandraSchema.create(cql, name, 1);
    accounts = new CassandraAccountStore(cql, name);
    feeds = new CassandraFeedStore(cql, name);
    history = new CassandraHistoryStore(cql, name);
    tables = new SequencerTables(cql, name);
    for (String user : users) {
      accounts.createUser(new UserAccount(user, "h" + user, "hash", 0));
    }
    ClusterTopics.ensure(settings());
  }

  private static synchronized CqlSession session() {
    if (session == null) {
      session = Engines.cassandra().sessionBuilder().build();
    }
    return session;
  }

  KafkaSettings settings() {
    return new KafkaSettings(
        Engines.kafka().bootstrapServers(),
        name + ".",
        "node-1",
        3,
        3,
        (short) 1,
        Duration.ofSeconds(20));
  }

  /** A new log instance (a node started again) on the same topics and keyspace. */
  KafkaConversationLog open() {
    log =
        new KafkaConversationLog(
            settings(),
            tables,
            feeds,
            accounts,
            new PendingAppends(),
            (node, reply) -> {
              throw new AssertionError("a single node never replies to another: " + node);
            },
            messages -> {},
            new SimpleMeterRegistry());
    return log;
  }

  @Override
  public void close() {
    if (log != null) {
      log.close();
    }
  }
}
