package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A long outbox written offline drains with a window of messages in flight once the client
 * connects: stored in the order written, each once. Prints how long the drain took (no timing
 * assertion: the machine may be busy).
 */
class OfflineOutboxDrainTest {
  private static final int MESSAGES = 300;

  @TempDir Path dir;

  @Test
  void threeHundredMessagesWrittenOfflineAreStoredInOrderOnceEach() throws Exception {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      Path aliceStore = dir.resolve("alice.db");
      String conv;
      try (ParleyClient first =
          TestClients.started(
              server.httpUri(), alice.token(), aliceStore, new RecordingListener())) {
        conv = first.open("bob").get(10, TimeUnit.SECONDS).conv();
      }
      RecordingListener bobEvents = new RecordingListener();
      try (ParleyClient recipient =
              TestClients.started(server.httpUri(), bob.token(), dir.resolve("bob.db"), bobEvents);
          ParleyClient sender =
              TestClients.fast(server.httpUri(), alice.token(), aliceStore, new RecordingListener())
                  .build()) {
        bobEvents.awaitSynced();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
          ids.add(sender.send(conv, "offline " + i).id());
        }
        assertThat(sender.pendingCount()).isEqualTo(MESSAGES);

        long start = System.nanoTime();
        sender.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sender.pendingCount() == 0);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(
            "OfflineOutboxDrainTest: %d messages written offline drained in %d ms%n",
            MESSAGES, tookMs);

        List<Message> stored = new ArrayList<>();
        String before = null;
        do {
          HistoryPage page = recipient.history(conv, before, 200).get(10, TimeUnit.SECONDS);
          stored.addAll(0, page.messages());
          before = page.next();
        } while (before != null);
        assertThat(stored)
            .extracting(Message::body)
            .containsExactlyElementsOf(
                IntStream.range(0, MESSAGES).mapToObj(i -> "offline " + i).toList());
        assertThat(stored).extracting(Message::id).containsExactlyElementsOf(ids);
      }
    }
  }
}
