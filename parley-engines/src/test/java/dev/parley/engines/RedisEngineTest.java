package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisEngineTest {
  private static RedisClient client;
  private final String prefix = Engines.uniqueName("test") + ":";

  @BeforeAll
  static void connect() {
    client = RedisClient.create(Engines.redis().uri());
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
  }

  @Test
  void keyWithTtlIsReadableThenExpires() {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      String key = prefix + "device:42";
      assertThat(redis.set(key, "node-a", SetArgs.Builder.px(300))).isEqualTo("OK");
      assertThat(redis.get(key)).isEqualTo("node-a");
      assertThat(redis.pttl(key)).isBetween(1L, 300L);
      await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(key) == null);
      assertThat(redis.exists(key)).isZero();
    }
  }

  @Test
  void publishedMessagesReachASubscriberInOrder() {
    String channel = prefix + "node:a";
    List<String> received = new CopyOnWriteArrayList<>();
    try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        StatefulRedisConnection<String, String> publisher = client.connect()) {
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
              received.add(message);
            }
          });
      subscriber.sync().subscribe(channel);
      List<String> sent = List.of("m1", "m2", "m3", "m4", "m5");
      for (String message : sent) {
        assertThat(publisher.sync().publish(channel, message))
            .as("subscribers reached")
            .isEqualTo(1L);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= sent.size());
      assertThat(received).containsExactlyElementsOf(sent);
    }
  }
}
