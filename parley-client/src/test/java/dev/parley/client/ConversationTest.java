package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.client.request.ParleyRequestException;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request/response calls (open, conversations, history paging) and a message the server refuses for
 * good.
 */
class ConversationTest {
  @TempDir Path dir;

  @Test
  void listsConversationsPagesHistoryAndFailsRefusedMessages() throws Exception {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      server.register("bob", "violet-harbour-71", "phone");
      RecordingListener events = new RecordingListener();
      try (ParleyClient client =
          TestClients.started(server.httpUri(), alice.token(), dir.resolve("alice.db"), events)) {
        OpenedConversation withBob = client.open("bob").get(10, TimeUnit.SECONDS);
        assertThat(withBob.peer().handle()).isEqualTo("bob");
        assertThatThrownBy(() -> client.open("nobody").get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(ParleyRequestException.class)
            .extracting(e -> ((ParleyRequestException) e).code())
            .isEqualTo("unknown_user");

        String tooLong = client.send(withBob.conv(), "x".repeat(20_000)).id();
        for (int i = 1; i <= 7; i++) {
          client.send(withBob.conv(), "message " + i);
        }
        await().until(() -> client.pendingCount() == 0);
        assertThat(client.status(tooLong)).contains(MessageStatus.FAILED);
        assertThat(events.changes)
            .anySatisfy(
                c -> {
                  assertThat(c.id()).isEqualTo(tooLong);
                  assertThat(c.status()).isEqualTo(MessageStatus.FAILED);
                  assertThat(c.errorCode()).isEqualTo("body_too_long");
                });

        ConversationPage page = client.conversations(10, null).get(10, TimeUnit.SECONDS);
        assertThat(page.items()).extracting(Conversation::conv).containsExactly(withBob.conv());
        assertThat(page.items().get(0).last().body()).isEqualTo("message 7");

        List<String> bodies = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
          HistoryPage history = client.history(withBob.conv(), before, 3).get(10, TimeUnit.SECONDS);
          bodies.addAll(0, history.messages().stream().map(Message::body).toList());
          before = history.next();
          pages++;
        } while (before != null);
        assertThat(pages).isEqualTo(3);
        assertThat(bodies)
            .containsExactly(
                "message 1",
                "message 2",
                "message 3",
                "message 4",
                "message 5",
                "message 6",
                "message 7");
        assertThat(client.localMessages(withBob.conv(), 100)).hasSize(7);
      }
    }
  }
}
