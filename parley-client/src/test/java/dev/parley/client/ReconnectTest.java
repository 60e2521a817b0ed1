package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.proxy.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session heals by itself: after a server restart, and after a half-open (silent) connection.
 */
class ReconnectTest {
  @TempDir Path dir;

  @Test
  void aServerRestartIsSurvivedAndMessagesComposedMeanwhileGoOut() throws Exception {
    try (TestServer server = TestServer.start();
        TwoClients chat = TwoClients.start(server, server.httpUri(), server.httpUri(), dir)) {
      String conv = chat.conv();
      chat.alice().send(conv, "before");
      await().until(() -> chat.bobEvents().bodies(conv).size() == 1);

      server.restart();
      chat.alice().send(conv, "after");

      await().atMost(Duration.ofSeconds(20)).until(() -> chat.bobEvents().bodies(conv).size() == 2);
      assertThat(chat.bobEvents().bodies(conv)).containsExactly("before", "after");
      assertThat(chat.bob().localMessages(conv, 10))
          .extracting(Message::body)
          .containsExactly("before", "after");
      assertThat(chat.aliceEvents().onlineCount()).isGreaterThanOrEqualTo(2);
      assertThat(chat.alice().pendingCount()).isZero();
    }
  }

  @Test
  void aSilentHalfOpenConnectionIsDetectedByTheHeartbeatAndReplaced() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy link = FaultProxy.start("127.0.0.1", server.httpUri().getPort())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      server.register("bob", "violet-harbour-71", "phone");
      RecordingListener events = new RecordingListener();
      try (ParleyClient client =
          TestClients.started(link.httpUri(), alice.token(), dir.resolve("alice.db"), events)) {
        String conv = client.open("bob").get(10, TimeUnit.SECONDS).conv();

        link.stall();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> events.states.contains(ConnectionState.OFFLINE));
        String id = client.send(conv, "composed while the link was silent").id();
        link.resume();

        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> client.status(id).orElseThrow() == MessageStatus.SENT);
        assertThat(events.onlineCount()).isGreaterThanOrEqualTo(2);
        assertThat(link.acceptedCount()).isGreaterThanOrEqualTo(2);
      }
    }
  }
}
