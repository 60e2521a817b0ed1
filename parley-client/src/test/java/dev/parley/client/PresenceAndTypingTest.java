package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presence of a peer and typing indicators reach the app through the listener. */
class PresenceAndTypingTest {
  @TempDir Path dir;

  @Test
  void aPeerComingOnlineTypingAndLeavingIsReported() throws Exception {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      RecordingListener aliceEvents = new RecordingListener();
      try (ParleyClient aliceClient =
          TestClients.started(
              server.httpUri(), alice.token(), dir.resolve("alice.db"), aliceEvents)) {
        String conv = aliceClient.open("bob").get(10, TimeUnit.SECONDS).conv();
        // Presence is shared by users with a conversation that has a message, not by open alone.
        aliceClient.send(conv, "hi bob");
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceClient.pendingCount() == 0);
        List<Presence> initial =
            aliceClient.watchPresence(List.of(bob.userId())).get(10, TimeUnit.SECONDS);
        assertThat(initial)
            .singleElement()
            .satisfies(
                p -> {
                  assertThat(p.userId()).isEqualTo(bob.userId());
                  assertThat(p.online()).isFalse();
                });

        RecordingListener bobEvents = new RecordingListener();
        try (ParleyClient bobClient =
            TestClients.started(server.httpUri(), bob.token(), dir.resolve("bob.db"), bobEvents)) {
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      aliceEvents.presence.stream()
                          .anyMatch(p -> p.userId().equals(bob.userId()) && p.online()));

          bobEvents.awaitSynced();
          bobClient.typing(conv, true);
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> aliceEvents.typing.contains(new TypingIndicator(conv, bob.userId(), true)));
          bobClient.typing(conv, false);
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      aliceEvents.typing.contains(new TypingIndicator(conv, bob.userId(), false)));
        }

        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  Presence last = aliceEvents.presence.get(aliceEvents.presence.size() - 1);
                  return last.userId().equals(bob.userId()) && !last.online();
                });
      }
    }
  }
}
