package dev.parley.server.config;

import java.util.List;

/**
 * Where a cluster-mode node finds its engines. Every node of one cluster uses the same {@code name}
 * (it names the Kafka topics and consumer groups, the Cassandra keyspace and the Redis key prefix)
 * and the same partition counts; each node has its own {@code nodeId}.
 *
 * @param kafka Kafka bootstrap servers, {@code host:port,...}
 * @param cassandra Cassandra contact points, {@code host:port,...}
 * @param cassandraDatacenter the local Cassandra datacenter
 * @param redis Redis URI, e.g. {@code redis://127.0.0.1:6379}
 * @param nodeId this node's id, unique in the cluster
 * @param name the cluster's name
 * @param commandPartitions partitions of the commands topic (conversations), fixed at creation
 * @param feedPartitions partitions of the feed topic (users), fixed at creation
 * @param replication replication factor of the topics and the keyspace
 */
public record ClusterConfig(
    String kafka,
    List<String> cassandra,
    String cassandraDatacenter,
    String redis,
    String nodeId,
    String name,
    int commandPartitions,
    int feedPartitions,
    int replication) {

  public ClusterConfig {
    if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
      throw new IllegalArgumentException(
          "--cluster-name must be lower-case letters, digits and _ (it names a keyspace)");
    }
    if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("--node-id must be 1-64 of A-Z a-z 0-9 _ . -");
    }
    if (commandPartitions < 1 || feedPartitions < 1 || replication < 1) {
      throw new IllegalArgumentException("partitions and replication must be at least 1");
    }
    cassandra = List.copyOf(cassandra);
  }
}
