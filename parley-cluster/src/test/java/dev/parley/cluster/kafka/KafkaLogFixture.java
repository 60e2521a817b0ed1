package dev.parley.cluster.kafka;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.cluster.ClusterSettings;
import dev.parley.cluster.FeedPartitions;
import dev.parley.cluster.cassandra.CassandraAccountStore;
import dev.parley.cluster.cassandra.CassandraFeedStore;
import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.CassandraHistoryStore;
import dev.parley.cluster.cassandra.CassandraSchema;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.core.account.UserAccount;
import dev.parley.core.group.GroupLimits;
import dev.parley.engines.Engines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * A Kafka conversation log over the shared test engines, with a keyspace and topics of its own: one
 * node that owns every partition, replying to itself.
 */
final class KafkaLogFixture implements AutoCloseable {
  private static CqlSession session;
  private static final int FEED_PARTITIONS = 3;

  private final String name = Engines.uniqueName("log");
  private final Duration commitInterval;
  private final Duration feedCommitInterval;
  private Duration replyTimeout = Duration.ofSeconds(20);
  final CassandraAccountStore accounts;
  final CassandraFeedStore feeds;
  final CassandraHistoryStore history;
  final CassandraGroupStore groups;
  private final SequencerTables tables;

  /** The meters of the log last opened. */
  SimpleMeterRegistry meters;

  private KafkaConversationLog log;

  KafkaLogFixture(List<String> users) {
    this(users, Duration.ZERO);
  }

  /** With sequencer transactions kept open for {@code commitInterval} (0: one per batch). */
  KafkaLogFixture(List<String> users, Duration commitInterval) {
    this(users, commitInterval, Duration.ofSeconds(1));
  }

  /** And the feed writer's offsets committed every {@code feedCommitInterval} (0: every batch). */
  KafkaLogFixture(List<String> users, Duration commitInterval, Duration feedCommitInterval) {
    this.commitInterval = commitInterval;
    this.feedCommitInterval = feedCommitInterval;
    CqlSession cql = session();
    CassandraSchema.create(cql, name, 1);
    accounts = new CassandraAccountStore(cql, name);
    feeds = new CassandraFeedStore(cql, name, new FeedPartitions(FEED_PARTITIONS));
    groups = new CassandraGroupStore(cql, name);
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

  /**
   * The log reads only the Kafka settings and the names; the Cassandra and Redis ones are unused.
   */
  ClusterSettings settings() {
    return new ClusterSettings(
        Engines.kafka().bootstrapServers(),
        List.of(new InetSocketAddress("127.0.0.1", 9042)),
        "datacenter1",
        "redis://127.0.0.1:6379",
        "node-1",
        name,
        3, // command partitions
        FEED_PARTITIONS,
        1, // replication
        replyTimeout,
        500, // sequencer max batch
        commitInterval,
        500, // feed max batch
        100_000, // sequencer cache
        Duration.ofSeconds(6), // Kafka session timeout
        Collections.max(
            List.of(Duration.ofSeconds(5), commitInterval.multipliedBy(3))), // txn timeout
        Duration.ofMillis(1), // Kafka linger
        feedCommitInterval,
        32_768, // Cassandra max requests
        100, // recent messages
        Duration.ofDays(7)); // recent messages TTL
  }

  /** How long the logs opened from now on wait for their sequencer's answer to a send. */
  KafkaLogFixture replyTimeout(Duration timeout) {
    this.replyTimeout = timeout;
    return this;
  }

  /** A new log instance (a node started again) on the same topics and keyspace. */
  KafkaConversationLog open() {
    meters = new SimpleMeterRegistry();
    log =
        new KafkaConversationLog(
            settings(),
            tables,
            feeds,
            groups,
            GroupLimits.DEFAULTS,
            accounts,
            new PendingAppends(),
            byNode -> {
              throw new AssertionError("a single node never replies to another: " + byNode);
            },
            messages -> {},
            meters);
    return log;
  }

  @Override
  public void close() {
    if (log != null) {
      log.close();
    }
  }
}
