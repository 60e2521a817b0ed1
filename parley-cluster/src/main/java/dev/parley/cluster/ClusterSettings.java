package dev.parley.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything a cluster node is told: where the engines are, what the cluster and the node are
 * called, and the tuning of its Kafka clients and caches. Every node of one cluster passes the same
 * {@code name} and partition counts, and its own {@code nodeId}. The server fills it from its
 * options ({@code --kafka}, {@code --sequencer-max-batch}, ...; docs/operations.md gives their
 * meanings and defaults).
 *
 * <p>The partition counts are fixed when the topics are created: a conversation must always hash to
 * the same partition, because that partition's offsets fence its writes.
 *
 * @param kafka Kafka bootstrap servers, {@code host:port,...}
 * @param cassandra Cassandra contact points
 * @param cassandraDatacenter the local Cassandra datacenter
 * @param redisUri e.g. {@code redis://127.0.0.1:6379}
 * @param nodeId this node's id, unique in the cluster
 * @param name the cluster's name: it names the topics and consumer groups ({@code <name>.}), the
 *     keyspace ({@code <name>}) and the Redis keys ({@code <name>:}), so several clusters (or
 *     tests) can share engines
 * @param commandPartitions partitions of the commands topic (conversations)
 * @param feedPartitions partitions of the feed topic (users)
 * @param replication replication factor of the topics and the keyspace
 * @param replyTimeout how long an append waits for the sequencer's answer
 * @param sequencerMaxBatch most commands one sequencer poll takes
 * @param sequencerCommitInterval how long a sequencer keeps a Kafka transaction open for more
 *     batches; zero commits after every batch. Well under {@code kafkaTransactionTimeout}
 * @param feedMaxBatch most records one feed-writer poll takes
 * @param sequencerCache conversation states the sequencer keeps in memory
 * @param kafkaSessionTimeout a consumer silent this long loses its partitions
 * @param kafkaTransactionTimeout how long a dead sequencer's open transaction blocks its readers
 * @param kafkaLinger how long the command producer waits to batch
 * @param feedCommitInterval how often the feed writer commits its offsets
 * @param cassandraMaxRequests requests in flight per Cassandra connection
 * @param recentMessages newest messages per conversation cached in Redis
 * @param recentMessagesTtl how long a conversation's cached messages live without a new one
 */
public record ClusterSettings(
    String kafka,
    List<InetSocketAddress> cassandra,
    String cassandraDatacenter,
    String redisUri,
    String nodeId,
    String name,
    int commandPartitions,
    int feedPartitions,
    int replication,
    Duration replyTimeout,
    int sequencerMaxBatch,
    Duration sequencerCommitInterval,
    int feedMaxBatch,
    int sequencerCache,
    Duration kafkaSessionTimeout,
    Duration kafkaTransactionTimeout,
    Duration kafkaLinger,
    Duration feedCommitInterval,
    int cassandraMaxRequests,
    int recentMessages,
    Duration recentMessagesTtl) {

  public ClusterSettings {
    cassandra = List.copyOf(cassandra);
    if (sequencerCommitInterval.isNegative()
        || sequencerCommitInterval.multipliedBy(2).compareTo(kafkaTransactionTimeout) > 0) {
      // The broker aborts a transaction open longer than the timeout, and commits lag under load.
      throw new IllegalArgumentException(
          "the sequencer commit interval must be between 0 and half the Kafka transaction timeout");
    }
  }

  public String keyspace() {
    return name;
  }

  /** Prefix of every Redis key of this cluster. */
  public String redisPrefix() {
    return name + ":";
  }

  /** Prefix of this cluster's topics, consumer groups and Kafka client ids. */
  public String kafkaPrefix() {
    return name + ".";
  }

  public String commandsTopic() {
    return kafkaPrefix() + "commands";
  }

  public String feedTopic() {
    return kafkaPrefix() + "feed";
  }

  public String sequencerGroup() {
    return kafkaPrefix() + "sequencer";
  }

  public String feedGroup() {
    return kafkaPrefix() + "feed-writer";
  }
}
