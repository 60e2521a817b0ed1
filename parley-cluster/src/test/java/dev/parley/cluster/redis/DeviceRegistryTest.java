package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
  private final RedisFixture redis = new RedisFixture();
  private final DeviceRegistry registry =
      new DeviceRegistry(redis.async(), redis.prefix, Duration.ofSeconds(30));

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Test
  void registeringElsewhereNamesTheNodeThatHeldTheDevice() {
    assertThat(get(registry.register("phone", "node-a"))).isEmpty();
    assertThat(get(registry.register("phone", "node-a")))
        .as("same node: nothing to close")
        .isEmpty();
    assertThat(get(registry.register("phone", "node-b"))).contains("node-a");
    assertThat(get(registry.nodeOf("phone"))).contains("node-b");
    assertThat(get(registry.nodeOf("tablet"))).isEmpty();
  }

  @Test
  void aReplacedNodeCanNeitherRemoveNorExtendTheNewerRegistration() {
    DeviceRegistry shortLived =
        new DeviceRegistry(redis.async(), redis.prefix, Duration.ofMillis(500));
    get(shortLived.register("phone", "node-a"));
    get(shortLived.register("phone", "node-b"));

    assertThat(get(shortLived.unregister("phone", "node-a"))).isFalse();
    assertThat(get(shortLived.nodeOf("phone"))).contains("node-b");
    get(shortLived.refresh(List.of("phone"), "node-a"));

    await().atMost(Duration.ofSeconds(10)).until(() -> get(shortLived.nodeOf("phone")).isEmpty());
    assertThat(get(shortLived.register("phone", "node-a")))
        .as("an expired registration names no one")
        .isEmpty();
    assertThat(get(shortLived.unregister("phone", "node-a"))).isTrue();
    assertThat(get(shortLived.nodeOf("phone"))).isEmpty();
  }

  @Test
  void refreshKeepsTheOwnersRegistrationAlive() {
    DeviceRegistry shortLived =
        new DeviceRegistry(redis.async(), redis.prefix, Duration.ofSeconds(1));
    get(shortLived.register("phone", "node-a"));
    get(shortLived.register("watch", "node-a"));
    // Refreshed for well beyond its TTL: still there.
    long until = System.nanoTime() + Duration.ofMillis(3_000).toNanos();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              get(shortLived.refresh(List.of("phone"), "node-a"));
              assertThat(get(shortLived.nodeOf("phone"))).contains("node-a");
              return System.nanoTime() > until;
            });
    assertThat(get(shortLived.nodeOf("watch"))).as("not refreshed: expired").isEmpty();
  }

  private static <T> T get(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
