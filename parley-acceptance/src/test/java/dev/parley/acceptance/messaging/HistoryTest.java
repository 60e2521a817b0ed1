package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * History pages backwards without gaps or repeats; the conversation list orders by recent activity.
 */
class HistoryTest {

  @Test
  void pagingBackwardsVisitsEveryMessageOnce() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      server.register("bob", "violet-harbour-71", "phone");
      TestDevice newDevice = server.login("bob", "violet-harbour-71", "new laptop");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        String conv = a.opened("bob");
        int total = 237;
        for (int i = 1; i <= total; i++) {
          a.send(new ClientFrame.Send("p" + i, UUID.randomUUID().toString(), conv, "msg " + i));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == total);
        try (TestSocket b = TestSocket.connectAndSync(server, newDevice, null)) {
          List<Long> seen = new ArrayList<>();
          String before = null;
          int pages = 0;
          do {
            ServerFrame.History page =
                (ServerFrame.History)
                    b.request(new ClientFrame.History(b.nextRef(), conv, before, 50));
            assertThat(page.messages()).extracting(FeedEvent.Message::seq).isSorted();
            List<Long> seqs = page.messages().stream().map(FeedEvent.Message::seq).toList();
            seen.addAll(0, seqs);
            before = page.next();
            pages++;
          } while (before != null);
          assertThat(pages).isEqualTo(5);
          assertThat(seen)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

          ServerFrame bad = b.request(new ClientFrame.History("bad", conv, "not-a-token", 10));
          assertThat(bad)
              .isInstanceOfSatisfying(
                  ServerFrame.Error.class, e -> assertThat(e.code()).isEqualTo("invalid_frame"));
        }
      }
    }
  }

  @Test
  void conversationListOrdersByRecentActivityWithPeersAndLastMessage() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      for (String peer : List.of("bob", "carol", "dave")) {
        server.register(peer, "violet-harbour-71", "phone");
      }
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        for (String peer : List.of("bob", "carol", "dave", "bob")) {
          a.sendMessage(a.opened(peer), "hi " + peer);
        }
        ServerFrame.Conversations first =
            (ServerFrame.Conversations) a.request(new ClientFrame.Conversations("c1", 2, null));
        assertThat(first.items()).extracting(i -> i.peer().handle()).containsExactly("bob", "dave");
        assertThat(first.next()).isNotNull();
        ServerFrame.Conversations second =
            (ServerFrame.Conversations)
                a.request(new ClientFrame.Conversations("c2", 2, first.next()));
        assertThat(second.items()).extracting(i -> i.peer().handle()).containsExactly("carol");
        assertThat(second.next()).isNull();
        ConversationSummary bob = first.items().get(0);
        assertThat(bob.last().body()).isEqualTo("hi bob");
        assertThat(bob.last().seq()).isEqualTo(2);
        assertThat(bob.unread()).isZero();
      }
    }
  }
}
