package dev.parley.cluster.kafka;

import java.time.Duration;

/**
 * How a node uses Kafka. {@code prefix} names the cluster's topics and consumer groups, so several
 * clusters (or tests) can share brokers. The partition counts are fixed when the topics are
 * created: a conversation must always hash to the same partition, because that partition's offsets
 * fence its writes.
 */
public record KafkaSettings(
    String bootstrapServers,
    String prefix,
    String nodeId,
    int commandPartitions,
    int feedPartitions,
    short replicationFactor,
    Duration replyTimeout) {

  public String commandsTopic() {
    return prefix + "commands";
  }

  public String feedTopic() {
    return prefix + "feed";
  }

  public String sequencerGroup() {
    return prefix + "sequencer";
  }

  public String feedGroup() {
    return prefix + "feed-writer";
  }
}
