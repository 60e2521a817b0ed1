package dev.parley.acceptance.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A device that was offline receives exactly what it missed, once, in order, in bounded batches.
 */
class CatchUpTest {
  private static final int MISSED = 1_000;

  @Test
  void offlineDeviceCatchesUpExactlyOnMessagesAndReceipts() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice bobLaptop = server.login("bob", "violet-harbour-71", "laptop");
      String cursor;
      String conv;
      try (TestSocket laptop = TestSocket.connectAndSync(server, bobLaptop, null)) {
        conv = laptop.opened("alice");
        laptop.sendMessage(conv, "before going offline");
        cursor = laptop.cursor();
      }
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        for (int i = 1; i <= MISSED; i++) {
          a.send(new ClientFrame.Send("s" + i, UUID.randomUUID().toString(), conv, "m" + i));
          if (i % 100 == 0) {
            long seq = i + 1;
            Awaitility.await()
                .atMost(TestSocket.WAIT)
                .until(() -> b.messages(conv).stream().anyMatch(m -> m.seq() == seq));
            b.send(new ClientFrame.Received(conv, seq));
            b.send(new ClientFrame.Read(conv, seq - 50));
          }
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == MISSED);
        // The receipts are durable once alice has seen the last of them.
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.receipts().stream().anyMatch(r -> r.read() == MISSED + 1 - 50));
      }

      try (TestSocket laptop = TestSocket.connect(server, bobLaptop)) {
        ServerFrame.Synced synced = laptop.sync(cursor);
        assertThat(synced.reset()).isFalse();
        List<FeedEvent.Message> messages = laptop.messages(conv);
        assertThat(messages)
            .extracting(FeedEvent.Message::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, MISSED + 1).boxed().toList());
        // Its own message had no live copy (it had the sent reply), so catch-up brings it too.
        assertThat(messages.get(0).body()).isEqualTo("before going offline");
        assertThat(messages.get(1).body()).isEqualTo("m1");
        List<FeedEvent.Receipt> bobsReceipts =
            laptop.receipts().stream().filter(r -> r.user().equals(bob.userId())).toList();
        // Twenty reports; reports queued behind one commit are merged into one event, so up to
        // twenty events.
        assertThat(bobsReceipts).hasSizeBetween(1, 20).doesNotHaveDuplicates();
        assertThat(bobsReceipts).extracting(FeedEvent.Receipt::read).isSorted();
        assertThat(bobsReceipts).extracting(FeedEvent.Receipt::delivered).isSorted();
        assertThat(bobsReceipts.get(bobsReceipts.size() - 1).read()).isEqualTo(MISSED + 1 - 50);
        assertThat(bobsReceipts.get(bobsReceipts.size() - 1).delivered()).isEqualTo(MISSED + 1);
        int batch = 500;
        assertThat(laptop.frames())
            .filteredOn(ServerFrame.Feed.class::isInstance)
            .allMatch(f -> ((ServerFrame.Feed) f).events().size() <= batch);

        // Syncing again from the cursor it now holds brings nothing new.
        int before = laptop.feedEvents().size();
        laptop.sync(laptop.cursor());
        assertThat(laptop.feedEvents()).hasSize(before);
      }
    }
  }

  @Test
  void eventsDuringCatchUpArriveOnceAndInOrder() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      String cursor;
      String conv;
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        conv = b.opened("alice");
        cursor = b.cursor();
      }
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        for (int i = 0; i < 600; i++) {
          a.send(new ClientFrame.Send("x" + i, UUID.randomUUID().toString(), conv, "old" + i));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == 600);
        try (TestSocket b = TestSocket.connect(server, bob)) {
          b.send(new ClientFrame.Sync(cursor));
          for (int i = 0; i < 300; i++) {
            a.send(new ClientFrame.Send("y" + i, UUID.randomUUID().toString(), conv, "new" + i));
          }
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() >= 900);
          assertThat(b.messages(conv))
              .extracting(FeedEvent.Message::seq)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, 900).boxed().toList());
          assertThat(b.count(ServerFrame.Synced.class)).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void newDeviceStartsFromNowAndStaleCursorIsReset() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        String conv = a.opened("bob");
        a.sendMessage(conv, "history");
        try (TestSocket b = TestSocket.connect(server, bob)) {
          assertThat(b.sync(null).reset()).isFalse();
          assertThat(b.messages()).isEmpty();
          a.sendMessage(conv, "live");
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages().size() == 1);
          assertThat(b.messages().get(0).body()).isEqualTo("live");
        }
        try (TestSocket b = TestSocket.connect(server, bob)) {
          assertThat(b.sync("0badc0de-5").reset()).isTrue();
          assertThat(b.messages()).isEmpty();
        }
      }
    }
  }
}
