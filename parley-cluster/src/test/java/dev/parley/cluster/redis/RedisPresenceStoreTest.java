package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.presence.PresenceStore.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two store instances stand for two nodes sharing one Redis. */
class RedisPresenceStoreTest {
  private final RedisFixture redis = new RedisFixture();
  private final RedisPresenceStore nodeA =
      new RedisPresenceStore(redis.async(), redis.prefix, Duration.ofSeconds(30));
  private final RedisPresenceStore nodeB =
      new RedisPresenceStore(redis.async(), redis.prefix, Duration.ofSeconds(30));

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Test
  void transitionsAreReportedOnceAcrossNodes() {
    assertThat(nodeA.connected("alice", "a1")).as("first connection: online").isTrue();
    assertThat(nodeB.connected("alice", "b1")).isFalse();
    assertThat(nodeB.connected("alice", "b1")).as("the same connection counts once").isFalse();
    assertThat(nodeA.snapshot("alice")).isEqualTo(new Snapshot(true, null));

    assertThat(nodeA.disconnected("alice", "a1", 1_000)).isFalse();
    assertThat(nodeB.disconnected("alice", "b1", 2_000)).as("last connection: offline").isTrue();
    assertThat(nodeA.disconnected("alice", "b1", 3_000))
        .as("a repeated close changes nothing")
        .isFalse();
    assertThat(nodeB.snapshot("alice")).isEqualTo(new Snapshot(false, 2_000L));
    assertThat(nodeA.snapshot("nobody")).isEqualTo(new Snapshot(false, null));

    assertThat(nodeB.connected("alice", "b2")).as("online again").isTrue();
  }

  @Test
  void aCrashedNodesConnectionsExpireWhileRefreshedOnesStay() {
    RedisPresenceStore crashing =
        new RedisPresenceStore(redis.async(), redis.prefix, Duration.ofMillis(600));
    RedisPresenceStore living =
        new RedisPresenceStore(redis.async(), redis.prefix, Duration.ofMillis(600));
    assertThat(living.connected("dave", "d1")).isTrue();

    // A refresh that raced a close does not bring the closed connection back.
    assertThat(living.connected("dave", "d2")).isFalse();
    assertThat(living.disconnected("dave", "d2", 5)).isFalse();
    living.refresh(Map.of("dave", List.of("d1", "d2")));
    assertThat(living.disconnected("dave", "d1", 6)).as("d2 stayed closed").isTrue();

    assertThat(living.connected("dave", "d3")).isTrue();
    assertThat(crashing.connected("carol", "c1"))
        .as("after d3, so d3 lives only if refreshed")
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              living.refresh(Map.of("dave", List.of("d3")));
              assertThat(living.snapshot("carol").online())
                  .as("carol's node stopped refreshing")
                  .isFalse();
            });
    assertThat(living.snapshot("dave").online()).as("kept alive by refreshes").isTrue();
    assertThat(living.snapshot("carol").lastSeen())
        .as("no offline transition was reported for carol")
        .isNull();
    assertThat(living.connected("carol", "c2"))
        .as("the expired connection no longer counts")
        .isTrue();

    assertThat(living.disconnected("dave", "d3", 7)).isTrue();
    assertThat(living.snapshot("dave")).isEqualTo(new Snapshot(false, 7L));
  }

  @Test
  void refreshPutsBackTheConnectionsRedisLost() {
    assertThat(nodeA.connected("erin", "e1")).isTrue();
    redis
        .async()
        .del(redis.prefix + "presence:{erin}")
        .toCompletableFuture()
        .join(); // as a restart would
    assertThat(nodeA.snapshot("erin").online()).isFalse();

    nodeA.refresh(Map.of("erin", List.of("e1")));
    assertThat(nodeA.snapshot("erin").online()).isTrue();
    assertThat(nodeB.connected("erin", "e2")).isFalse();
    assertThat(nodeB.disconnected("erin", "e2", 10)).isFalse();
    assertThat(nodeA.disconnected("erin", "e1", 11)).isTrue();
  }
}
