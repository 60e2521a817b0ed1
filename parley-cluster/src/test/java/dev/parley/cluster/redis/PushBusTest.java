package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushBusTest {
  private final RedisFixture redis = new RedisFixture();
  private final Recorder heardByA = new Recorder();
  private final Recorder heardByB = new Recorder();
  private final PushBus nodeA =
      new PushBus(redis.pubSub(), redis.async(), redis.prefix, "a", heardByA);
  private final PushBus nodeB =
      new PushBus(redis.pubSub(), redis.async(), redis.prefix, "b", heardByB);

  @AfterEach
  void close() throws Exception {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @Test
  void aUsersMessagesReachTheNodesSubscribedToThem() {
    join(nodeB.start());
    join(nodeB.subscribeUser("alice"));
    assertThat(join(nodeA.publishToUser("alice", "hello"))).isEqualTo(1L);
    assertThat(join(nodeA.publishToUser("bob", "nobody listens"))).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.messages.contains("alice:hello"));

    join(nodeB.unsubscribeUser("alice"));
    assertThat(join(nodeA.publishToUser("alice", "after"))).as("no subscriber left").isZero();
    join(nodeA.publishToNode("b", "marker"));
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.messages.contains("node:marker"));
    assertThat(heardByB.messages).containsExactly("alice:hello", "node:marker");
    assertThat(heardByA.messages).isEmpty();
  }

  @Test
  void afterALostConnectionTheSubscriptionsComeBackAndTheListenerHearsIt() {
    join(nodeB.start());
    join(nodeB.subscribeUser("alice"));
    join(nodeB.subscribeUser("bob"));
    assertThat(heardByB.resubscribed.get()).isZero();

    redis.killSubscribers();

    await().atMost(Duration.ofSeconds(20)).until(() -> heardByB.resubscribed.get() == 1);
    assertThat(join(nodeA.publishToUser("bob", "again"))).isEqualTo(1L);
    assertThat(join(nodeA.publishToNode("b", "to b"))).isEqualTo(1L);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> heardByB.messages.containsAll(List.of("bob:again", "node:to b")));
    assertThat(heardByB.resubscribed.get()).isEqualTo(1);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static final class Recorder implements PushBus.Listener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger resubscribed = new AtomicInteger();

    @Override
    public void onUser(String userId, String payload) {
      messages.add(userId + ":" + payload);
    }

    @Override
    public void onNode(String payload) {
      messages.add("node:" + payload);
    }

    @Override
    public void onResubscribed() {
      resubscribed.incrementAndGet();
    }
  }
}
