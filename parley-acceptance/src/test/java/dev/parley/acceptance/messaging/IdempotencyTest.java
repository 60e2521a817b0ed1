package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A retried send (same idempotency key) gives the same sequence and never a second message. */
class IdempotencyTest {

  @Test
  void retryReturnsTheOriginalSequenceEvenAfterRestart() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      String id = UUID.randomUUID().toString();
      String conv;
      ServerFrame.Sent first;
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        conv = a.opened("bob");
        first = a.sendMessage(conv, "once", id);
        ServerFrame.Sent again = a.sendMessage(conv, "once", id);
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.ts()).isEqualTo(first.ts());
        a.sendMessage(conv, "second");
      }
      // After a reconnect from another socket of the same device.
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        assertThat(a.sendMessage(conv, "once", id).seq()).isEqualTo(first.seq());
      }
      server.restart();
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        ServerFrame.Sent afterRestart = a.sendMessage(conv, "once", id);
        assertThat(afterRestart.seq()).isEqualTo(first.seq());
        assertThat(afterRestart.ts()).isEqualTo(first.ts());
        ServerFrame.History history =
            (ServerFrame.History) b.request(new ClientFrame.History("h", conv, null, 50));
        assertThat(history.messages()).extracting(m -> m.body()).containsExactly("once", "second");
        assertThat(a.sendMessage(conv, "third").seq()).isEqualTo(3);
      }
    }
  }

  @Test
  void concurrentDuplicatesFromTwoDevicesOfTheSenderStoreOneMessage() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice alice2 = server.login("alice", "violet-harbour-71", "laptop");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket a2 = TestSocket.connectAndSync(server, alice2, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = a.opened("bob");
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
          a.send(new ClientFrame.Send("a" + i, id, conv, "dup"));
          a2.send(new ClientFrame.Send("b" + i, id, conv, "dup"));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(
                () ->
                    a.count(ServerFrame.Sent.class) == 20
                        && a2.count(ServerFrame.Sent.class) == 20);
        assertThat(a.frames())
            .filteredOn(ServerFrame.Sent.class::isInstance)
            .extracting(f -> ((ServerFrame.Sent) f).seq())
            .containsOnly(1L);
        assertThat(a2.frames())
            .filteredOn(ServerFrame.Sent.class::isInstance)
            .extracting(f -> ((ServerFrame.Sent) f).seq())
            .containsOnly(1L);
        b.sendMessage(conv, "reply");
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(
                () ->
                    a.messages(conv).stream().anyMatch(m -> m.seq() == 2)
                        && a2.messages(conv).stream().anyMatch(m -> m.seq() == 2));
        assertThat(b.messages(conv)).extracting(m -> m.body()).containsExactly("dup");
        // The device that won the race sent seq 1 and got no live copy; the other got exactly one.
        long copies =
            a.messages(conv).stream().filter(m -> m.seq() == 1).count()
                + a2.messages(conv).stream().filter(m -> m.seq() == 1).count();
        assertThat(copies).isEqualTo(1);
      }
    }
  }
}
