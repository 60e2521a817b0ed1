package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.cluster.SequencerReply;
import java.time.Duration;
import java.util.List;
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

    nodeA.send("b", stored);
    nodeA.send("b", refused);
    nodeB.send("a", stored);

    await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.size() == 2);
    assertThat(heardByB).containsExactly(stored, refused);
    await().atMost(Duration.ofSeconds(5)).until(() -> heardByA.size() == 1);
    assertThat(heardByA).containsExactly(stored);
  }
}
