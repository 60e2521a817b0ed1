package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.ClusterSettings;
import dev.parley.engines.Engines;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class ClusterTopicsTest {

  @Test
  void ensuringTwiceCreatesEachTopicOnceWithItsPartitions() throws Exception {
    ClusterSettings settings = settings(Engines.uniqueName("topics"));

    // A second node starting, or a retry after a timed-out attempt that went through.
    ClusterTopics.ensure(settings);
    ClusterTopics.ensure(settings);

    try (Admin admin = Engines.kafka().admin()) {
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(List.of(settings.commandsTopic(), settings.feedTopic()))
              .allTopicNames()
              .get(60, TimeUnit.SECONDS);
      assertThat(topics.get(settings.commandsTopic()).partitions()).hasSize(4);
      assertThat(topics.get(settings.feedTopic()).partitions()).hasSize(2);
    }
  }

  private static ClusterSettings settings(String name) {
    return new ClusterSettings(
        Engines.kafka().bootstrapServers(),
        List.of(new InetSocketAddress("127.0.0.1", 9042)), // unused here
        "datacenter1",
        "redis://127.0.0.1:6379", // unused here
        "node-1",
        name,
        4, // command partitions
        2, // feed partitions
        1, // replication
        Duration.ofSeconds(20),
        500,
        Duration.ZERO,
        500,
        100_000,
        Duration.ofSeconds(6),
        Duration.ofSeconds(5),
        Duration.ofMillis(1),
        Duration.ofSeconds(1),
        32_768,
        100,
        Duration.ofDays(7));
  }
}
