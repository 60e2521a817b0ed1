package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Concurrent sends from both sides end in one identical order on every device. */
class OrderingTest {
  private static final int PER_DEVICE = 60;

  @Test
  void concurrentSendersConvergeOnOneOrderEverywhere() throws Exception {
    try (TestServer server = TestServer.start()) {
      List<TestDevice> devices = new ArrayList<>();
      devices.add(server.register("alice", "violet-harbour-71", "phone"));
      devices.add(server.login("alice", "violet-harbour-71", "laptop"));
      devices.add(server.login("alice", "violet-harbour-71", "tablet"));
      devices.add(server.register("bob", "violet-harbour-71", "phone"));
      devices.add(server.login("bob", "violet-harbour-71", "laptop"));
      List<TestSocket> sockets = new ArrayList<>();
      for (TestDevice d : devices) {
        sockets.add(TestSocket.connectAndSync(server, d, null));
      }
      String conv = sockets.get(0).opened("bob");

      ExecutorService pool = Executors.newFixedThreadPool(sockets.size());
      List<Future<List<ServerFrame.Sent>>> results = new ArrayList<>();
      for (int d = 0; d < sockets.size(); d++) {
        TestSocket s = sockets.get(d);
        String who = "device" + d;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_DEVICE; i++) {
                    s.send(
                        new ClientFrame.Send(
                            who + "-" + i, UUID.randomUUID().toString(), conv, who + " #" + i));
                  }
                  Awaitility.await()
                      .atMost(TestSocket.WAIT)
                      .until(() -> s.count(ServerFrame.Sent.class) == PER_DEVICE);
                  return s.frames().stream()
                      .filter(ServerFrame.Sent.class::isInstance)
                      .map(ServerFrame.Sent.class::cast)
                      .toList();
                }));
      }
      int total = PER_DEVICE * sockets.size();
      Map<Long, String> bodyBySeq = new HashMap<>();
      for (int d = 0; d < sockets.size(); d++) {
        for (ServerFrame.Sent sent : results.get(d).get()) {
          assertThat(bodyBySeq.put(sent.seq(), sent.ref()))
              .as("seq %d assigned twice", sent.seq())
              .isNull();
        }
      }
      pool.shutdown();
      assertThat(bodyBySeq.keySet()).hasSize(total).allMatch(seq -> seq >= 1 && seq <= total);

      for (int d = 0; d < sockets.size(); d++) {
        TestSocket s = sockets.get(d);
        int own = PER_DEVICE;
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> s.messages(conv).size() == total - own);
        List<FeedEvent.Message> got = s.messages(conv);
        assertThat(got).extracting(FeedEvent.Message::seq).isSorted().doesNotHaveDuplicates();
        for (FeedEvent.Message m : got) {
          String ref = bodyBySeq.get(m.seq());
          assertThat(m.body()).isEqualTo(ref.replace("-", " #"));
        }
      }

      // A fresh look from storage agrees: history holds 1..total in the same order.
      ServerFrame.History page =
          (ServerFrame.History)
              sockets.get(3).request(new ClientFrame.History("h", conv, null, 200));
      assertThat(page.messages())
          .extracting(FeedEvent.Message::seq)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(total - 199, total).boxed().toList());
      for (FeedEvent.Message m : page.messages()) {
        assertThat(m.body()).isEqualTo(bodyBySeq.get(m.seq()).replace("-", " #"));
      }
      sockets.forEach(TestSocket::close);
    }
  }

  @Test
  void aDevicesPipelinedMessagesKeepTheirOrderFromAConversationsFirstMessage() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      List<String> peers = List.of("bob", "carol", "dave", "erin", "frank");
      for (String peer : peers) {
        server.register(peer, "violet-harbour-71", "phone");
      }
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        for (String peer : peers) {
          // The conversation id comes from the server, but nothing has been sent in it yet.
          String conv = a.opened(peer);
          for (int i = 1; i <= 50; i++) {
            a.send(
                new ClientFrame.Send(
                    peer + "-" + i, UUID.randomUUID().toString(), conv, Integer.toString(i)));
          }
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == 250);
        for (ServerFrame f : a.frames()) {
          if (f instanceof ServerFrame.Sent sent) {
            long sentAs = Long.parseLong(sent.ref().substring(sent.ref().indexOf('-') + 1));
            assertThat(sent.seq()).as(sent.ref()).isEqualTo(sentAs);
          }
        }
      }
    }
  }
}
