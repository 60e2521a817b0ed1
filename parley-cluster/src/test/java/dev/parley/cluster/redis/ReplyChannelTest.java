package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.cluster.SequencerReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' buses with a reply channel each; node b's also carries a router, as a node wires it.
 */
class ReplyChannelTest {
  private final RedisFixture redis = new RedisFixture();
  private final List<SequencerReply> heardByA = new CopyOnWriteArrayList<>();
  private final List<SequencerReply> heardByB = new CopyOnWriteArrayList<>();
  private final PushBus busA = redis.bus("a");
  private final PushBus busB = redis.bus("b");
  private final ReplyChannel nodeA = new ReplyChannel(busA, heardByA::add);
  private final ReplyChannel nodeB = new ReplyChannel(busB, heardByB::add);

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Test
  void aReplyReachesTheNodeItIsSentToAndNoOther() {
    new ClusterDeviceRouter(
        "b",
        new DeviceRegistry(redis.async(), redis.prefix, DeviceRegistry.DEFAULT_TTL),
        busB,
        redis.groupFanOut());
    // Not started: it only has to receive its kinds on the bus the replies come through.
    busA.start().toCompletableFuture().join();
    busB.start().toCompletableFuture().join();
    SequencerReply stored = new SequencerReply("req-1", 12, 34, false, null);
    SequencerReply refused =
        new SequencerReply("req-2", 0, 0, false, SequencerReply.UNKNOWN_MEMBER);

    nodeA.send(Map.of("b", List.of(stored, refused)));
    nodeB.send(Map.of("a", List.of(stored)));

    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.size() == 2);
    assertThat(heardByB).containsExactly(stored, refused);
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByA.size() == 1);
    assertThat(heardByA).containsExactly(stored);
  }

  @Test
  void oneSendReachesEveryNodeItNamesInOrder() {
    PushBus busC = redis.bus("c");
    List<SequencerReply> heardByC = new CopyOnWriteArrayList<>();
    new ReplyChannel(busC, heardByC::add);
    busB.start().toCompletableFuture().join();
    busC.start().toCompletableFuture().join();
    List<SequencerReply> toB = List.of(reply("b-1"), reply("b-2"), reply("b-3"));
    List<SequencerReply> toC = List.of(reply("c-1"));

    nodeA.send(Map.of("b", toB, "c", toC));

    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.size() == 3);
    assertThat(heardByB).containsExactlyElementsOf(toB);
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByC.size() == 1);
    assertThat(heardByC).containsExactlyElementsOf(toC);
  }

  @Test
  void aReplyFromANodeOfTheVersionBeforeStillArrives() {
    busB.start().toCompletableFuture().join();
    SequencerReply stored = reply("req-old");

    busA.publishToNode("b", new BusMessage.Reply(stored)).toCompletableFuture().join();

    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.size() == 1);
    assertThat(heardByB).containsExactly(stored);
  }

  private static SequencerReply reply(String requestId) {
    return new SequencerReply(requestId, 7, 8, false, null);
  }
}
