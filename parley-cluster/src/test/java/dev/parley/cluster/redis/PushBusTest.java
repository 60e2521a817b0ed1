package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushBusTest {
  private final RedisFixture redis = new RedisFixture();
  private final PushBus nodeA = redis.bus("a");
  private final PushBus nodeB = redis.bus("b");
  private final Recorder heardByA = new Recorder(nodeA);
  private final Recorder heardByB = new Recorder(nodeB);

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Test
  void aUsersMessagesReachTheNodesSubscribedToThem() {
    join(nodeB.start());
    join(nodeB.subscribeUser("alice"));
    assertThat(join(nodeA.publishToUser("alice", ephemeral("alice", "hello")))).isEqualTo(1L);
    assertThat(join(nodeA.publishToUser("bob", ephemeral("bob", "nobody listens")))).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.messages.size() == 1);

    join(nodeB.unsubscribeUser("alice"));
    assertThat(join(nodeA.publishToUser("alice", ephemeral("alice", "after"))))
        .as("no subscriber left")
        .isZero();
    BusMessage.Disconnect marker = new BusMessage.Disconnect("bob-phone", 4003, "marker");
    join(nodeA.publishToNode("b", marker));
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.messages.contains(marker));
    assertThat(heardByB.messages).containsExactly(ephemeral("alice", "hello"), marker);
    assertThat(heardByA.messages).isEmpty();
  }

  @Test
  void aBatchLeavesWhenSentInTheOrderItWasMade() {
    join(nodeB.start());
    join(nodeB.subscribeUser("alice"));
    PushBus.Batch batch = nodeA.batch();
    BusMessage.Disconnect toB = new BusMessage.Disconnect("bob-phone", 4003, "to b");
    batch.toUser("alice", ephemeral("alice", "one"));
    batch.toNode("b", toB);
    batch.toUser("alice", ephemeral("alice", "two"));
    // It completes with Redis's answer to the last publish: node b was subscribed.
    assertThat(join(batch.send())).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.messages.size() == 3);
    assertThat(heardByB.messages)
        .containsExactly(ephemeral("alice", "one"), toB, ephemeral("alice", "two"));

    PushBus.Batch next = nodeA.batch();
    next.toUser("alice", ephemeral("alice", "three"));
    next.send();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> heardByB.messages.contains(ephemeral("alice", "three")));
    assertThat(nodeA.batch().send().toCompletableFuture()).as("nothing to send").isDone();
  }

  @Test
  void afterALostConnectionTheSubscriptionsComeBackAndTheHooksRun() {
    join(nodeB.start());
    join(nodeB.subscribeUser("alice"));
    join(nodeB.subscribeUser("bob"));
    assertThat(heardByB.resubscribed.get()).isZero();

    redis.killSubscribers();

    await().atMost(Duration.ofSeconds(20)).until(() -> heardByB.resubscribed.get() == 1);
    assertThat(join(nodeA.publishToUser("bob", ephemeral("bob", "again")))).isEqualTo(1L);
    BusMessage.Disconnect toB = new BusMessage.Disconnect("bob-phone", 4003, "to b");
    assertThat(join(nodeA.publishToNode("b", toB))).isEqualTo(1L);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> heardByB.messages.containsAll(List.of(ephemeral("bob", "again"), toB)));
    assertThat(heardByB.resubscribed.get()).isEqualTo(1);
  }

  @Test
  void receiversRegisterOncePerKindAndBeforeTheStart() {
    assertThatThrownBy(() -> nodeA.receive(BusMessage.Disconnect.class, d -> {}))
        .isInstanceOf(IllegalStateException.class);
    join(nodeA.start());
    assertThatThrownBy(() -> nodeA.receive(BusMessage.Reply.class, r -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  private static BusMessage.Ephemeral ephemeral(String user, String frameJson) {
    return new BusMessage.Ephemeral(user, frameJson, null);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** Registers for two kinds of message and the resubscription hook; records what it hears. */
  private static final class Recorder {
    final List<BusMessage> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger resubscribed = new AtomicInteger();

    Recorder(PushBus bus) {
      bus.receive(BusMessage.Ephemeral.class, messages::add);
      bus.receive(BusMessage.Disconnect.class, messages::add);
      bus.onResubscribed(resubscribed::incrementAndGet);
    }
  }
}
