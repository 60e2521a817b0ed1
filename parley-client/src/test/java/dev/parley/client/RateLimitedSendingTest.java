package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.messaging.RateLimits;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender well over the server's per-device rate limit: refused messages are retried after the
 * server's {@code retryAfterMs}, none fails, and none is overtaken by a later one of its
 * conversation.
 */
class RateLimitedSendingTest {
  private static final int PER_CONVERSATION = 30;

  @TempDir Path dir;

  @Test
  void messagesOverTheRateLimitArriveLateButInOrderAndNoneFails() throws Exception {
    RateLimits tight = new RateLimits(25, 5, 1_000, 1_000, 100, 100);
    try (TestServer server =
        TestServer.start(config -> config.toBuilder().rateLimits(tight).build())) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice bob = server.register("bob", "password1", "phone");
      TestDevice carol = server.register("carol", "password1", "phone");
      RecordingListener aliceEvents = new RecordingListener();
      RecordingListener bobEvents = new RecordingListener();
      RecordingListener carolEvents = new RecordingListener();
      try (ParleyClient bobClient =
              TestClients.started(server.httpUri(), bob.token(), dir.resolve("bob.db"), bobEvents);
          ParleyClient carolClient =
              TestClients.started(
                  server.httpUri(), carol.token(), dir.resolve("carol.db"), carolEvents);
          ParleyClient sender =
              TestClients.started(
                  server.httpUri(), alice.token(), dir.resolve("alice.db"), aliceEvents)) {
        bobEvents.awaitSynced();
        carolEvents.awaitSynced();
        String withBob = sender.open("bob").get(10, TimeUnit.SECONDS).conv();
        String withCarol = sender.open("carol").get(10, TimeUnit.SECONDS).conv();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_CONVERSATION; i++) {
          ids.add(sender.send(withBob, "b" + i).id());
          ids.add(sender.send(withCarol, "c" + i).id());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> sender.pendingCount() == 0);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    bobEvents.bodies(withBob).size() >= PER_CONVERSATION
                        && carolEvents.bodies(withCarol).size() >= PER_CONVERSATION);

        assertThat(bobEvents.bodies(withBob))
            .containsExactlyElementsOf(
                IntStream.range(0, PER_CONVERSATION).mapToObj(i -> "b" + i).toList());
        assertThat(carolEvents.bodies(withCarol))
            .containsExactlyElementsOf(
                IntStream.range(0, PER_CONVERSATION).mapToObj(i -> "c" + i).toList());
        assertThat(ids)
            .allSatisfy(
                id ->
                    assertThat(sender.status(id))
                        .isPresent()
                        .get()
                        .isNotEqualTo(MessageStatus.FAILED));
        assertThat(rateLimitedFrames(server))
            .as("the server refused some sends for the rate")
            .isPositive();
      }
    }
  }

  /** The server's count of frames refused with rate_limited, from its Prometheus endpoint. */
  private static double rateLimitedFrames(TestServer server) {
    String metrics = server.metrics();
    return metrics
        .lines()
        .filter(
            line ->
                line.startsWith("parley_frames_rejected")
                    && line.contains("reason=\"rate_limited\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
