package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.proxy.FaultProxy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages composed offline in a client process that is then killed are sent after the next start,
 * once, with the keys they were given.
 */
class OutboxAfterCrashTest {
  private static final int MESSAGES = 20;

  /** Starts the restarted sender only once the recipient follows its feed live. */
  private static ParleyClient startAfterSynced(
      RecordingListener recipientEvents,
      TestServer server,
      TestDevice sender,
      Path store,
      RecordingListener events) {
    recipientEvents.awaitSynced();
    return TestClients.started(server.httpUri(), sender.token(), store, events);
  }

  @TempDir Path dir;

  @Test
  void messagesOfAKilledProcessAreSentOnceAfterRestart() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy unreachable = FaultProxy.start("127.0.0.1", server.httpUri().getPort())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      Path aliceStore = dir.resolve("alice.db");
      String conv;
      try (ParleyClient first =
          TestClients.started(
              server.httpUri(), alice.token(), aliceStore, new RecordingListener())) {
        conv = first.open("bob").get(10, TimeUnit.SECONDS).conv();
      }

      unreachable.refuse(true);
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OutboxWriterProcess.class.getName(),
                  unreachable.httpUri().toString(),
                  alice.token(),
                  aliceStore.toString(),
                  conv,
                  String.valueOf(MESSAGES))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      List<String> ids = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine();
            line != null && !line.equals("READY");
            line = out.readLine()) {
          if (line.startsWith("ID ")) {
            ids.add(line.substring(3));
          }
        }
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(ids).hasSize(MESSAGES);
      assertThat(unreachable.acceptedCount()).as("the child never reached the server").isZero();

      RecordingListener aliceEvents = new RecordingListener();
      RecordingListener bobEvents = new RecordingListener();
      try (ParleyClient recipient =
              TestClients.started(server.httpUri(), bob.token(), dir.resolve("bob.db"), bobEvents);
          ParleyClient restarted =
              startAfterSynced(bobEvents, server, alice, aliceStore, aliceEvents)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> restarted.pendingCount() == 0 && bobEvents.bodies(conv).size() >= MESSAGES);

        List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "offline " + i).toList();
        assertThat(bobEvents.bodies(conv)).containsExactlyElementsOf(expected);
        assertThat(bobEvents.messages).extracting(m -> m.id()).containsExactlyElementsOf(ids);
        HistoryPage history = recipient.history(conv, null, 200).get(10, TimeUnit.SECONDS);
        assertThat(history.messages())
            .extracting(m -> m.body())
            .containsExactlyElementsOf(expected);
      }
    }
  }
}
