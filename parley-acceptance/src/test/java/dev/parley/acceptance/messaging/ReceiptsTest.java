package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Delivered and read positions reach the right devices, converge unread counts and never move back.
 */
class ReceiptsTest {

  @Test
  void receiptsPropagateToAllTheRightDevicesAndNeverMoveBack() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice alice2 = server.login("alice", "violet-harbour-71", "laptop");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice bob2 = server.login("bob", "violet-harbour-71", "laptop");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      try (TestSocket a1 = TestSocket.connectAndSync(server, alice, null);
          TestSocket a2 = TestSocket.connectAndSync(server, alice2, null);
          TestSocket b1 = TestSocket.connectAndSync(server, bob, null);
          TestSocket b2 = TestSocket.connectAndSync(server, bob2, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null)) {
        String conv = a1.opened("bob");
        for (int i = 1; i <= 3; i++) {
          a1.sendMessage(conv, "m" + i);
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> b1.messages(conv).size() == 3 && b2.messages(conv).size() == 3);
        assertThat(unread(b2, conv)).isEqualTo(3);

        b1.send(new ClientFrame.Received(conv, 3));
        FeedEvent.Receipt delivered = new FeedEvent.Receipt(conv, bob.userId(), 3, 0);
        for (TestSocket s : List.of(a1, a2, b2)) {
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> s.receipts().contains(delivered));
        }

        b2.send(new ClientFrame.Read(conv, 2));
        FeedEvent.Receipt read2 = new FeedEvent.Receipt(conv, bob.userId(), 3, 2);
        for (TestSocket s : List.of(a1, a2, b1)) {
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> s.receipts().contains(read2));
        }
        assertThat(unread(b1, conv)).isEqualTo(1);

        // Late and repeated reports move nothing; a report beyond the last message is clamped.
        b1.send(new ClientFrame.Read(conv, 1));
        b1.send(new ClientFrame.Received(conv, 2));
        b2.send(new ClientFrame.Read(conv, 2));
        b1.send(new ClientFrame.Read(conv, 99));
        FeedEvent.Receipt read3 = new FeedEvent.Receipt(conv, bob.userId(), 3, 3);
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a1.receipts().contains(read3) && b2.receipts().contains(read3));
        assertThat(a1.receipts()).containsExactly(delivered, read2, read3);
        assertThat(a2.receipts()).containsExactly(delivered, read2, read3);
        assertThat(b2.receipts()).containsExactly(delivered, read3);
        assertThat(b1.receipts()).containsExactly(read2);
        assertThat(unread(b1, conv)).isZero();
        assertThat(unread(b2, conv)).isZero();

        ConversationSummary fromAlice = summary(a2, conv);
        assertThat(fromAlice.peerRead()).isEqualTo(3);
        assertThat(fromAlice.peerDelivered()).isEqualTo(3);
        assertThat(fromAlice.unread()).isZero();
        // Carol, who is not in the conversation, saw none of it.
        assertThat(c.feedEvents()).isEmpty();
      }
    }
  }

  private static long unread(TestSocket s, String conv) {
    return summary(s, conv).unread();
  }

  private static ConversationSummary summary(TestSocket s, String conv) {
    ServerFrame.Conversations list =
        (ServerFrame.Conversations)
            s.request(new ClientFrame.Conversations(s.nextRef(), null, null));
    return list.items().stream().filter(i -> i.conv().equals(conv)).findFirst().orElseThrow();
  }
}
