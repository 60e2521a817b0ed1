package dev.parley.cluster;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the feed topic holds a user's feed: Kafka's default partitioner for a keyed
 * record (murmur2 of the key's bytes, made positive, modulo the partition count), computed here so
 * the sequencer can address a group's record to the partition of its members and a reader can find
 * the streams of the user's partition. The count must be the feed topic's real partition count.
 */
public record FeedPartitions(int count) {
  public FeedPartitions {
    if (count < 1) {
      throw new IllegalArgumentException("a feed topic has at least one partition");
    }
  }

  public int of(String user) {
    return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % count;
  }
}
