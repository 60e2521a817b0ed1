package dev.parley.acceptance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engines.Engines;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two users whose devices sit on different nodes of one cluster talk as if they shared one server.
 */
class CrossNodeMessagingTest {
  private static LocalCluster cluster;
  private static TestServer node1;
  private static TestServer node2;

  @BeforeAll
  static void startCluster() {
    cluster = new LocalCluster();
    node1 = cluster.startNode("node-1");
    node2 = cluster.startNode("node-2");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void messagesReceiptsReadPositionsAndPresenceCrossNodes() {
    TestDevice alice = node1.register("alice", "violet-harbour-71", "phone");
    TestDevice bob = node2.register("bob", "violet-harbour-71", "phone");
    // An account made through one node logs in through the other: accounts live in Cassandra.
    TestDevice bobLaptop = node1.login("bob", "violet-harbour-71", "laptop");
    try (TestSocket a = TestSocket.connectAndSync(node1, alice, null);
        TestSocket b = TestSocket.connectAndSync(node2, bob, null);
        TestSocket b2 = TestSocket.connectAndSync(node1, bobLaptop, null)) {
      String conv = a.opened("bob");
      ServerFrame.Sent first = a.sendMessage(conv, "hello from node 1");
      ServerFrame.Sent second = a.sendMessage(conv, "second");
      assertThat(second.seq()).isGreaterThan(first.seq());
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(() -> b.messages(conv).size() == 2 && b2.messages(conv).size() == 2);
      assertThat(b.messages(conv))
          .extracting(FeedEvent.Message::body)
          .containsExactly("hello from node 1", "second");

      b.send(new ClientFrame.Read(conv, second.seq()));
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  a.receipts().stream()
                      .anyMatch(r -> r.user().equals(bob.userId()) && r.read() == second.seq()));
      // Bob's other device converges on his read position too.
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  b2.receipts().stream()
                      .anyMatch(r -> r.user().equals(bob.userId()) && r.read() == second.seq()));

      ServerFrame.Sent reply = b.sendMessage(conv, "hi alice, from node 2");
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(() -> a.messages(conv).stream().anyMatch(m -> m.seq() == reply.seq()));

      ServerFrame.Conversations list =
          (ServerFrame.Conversations)
              b2.request(new ClientFrame.Conversations(b2.nextRef(), 10, null));
      ConversationSummary summary = list.items().get(0);
      assertThat(summary.conv()).isEqualTo(conv);
      assertThat(summary.last().body()).isEqualTo("hi alice, from node 2");
      assertThat(summary.unread()).isZero();

      ServerFrame.History history =
          (ServerFrame.History) a.request(new ClientFrame.History(a.nextRef(), conv, null, 10));
      assertThat(history.messages())
          .extracting(FeedEvent.Message::seq)
          .containsExactly(first.seq(), second.seq(), reply.seq());

      // Presence: alice (node 1) sees bob go offline when his devices on both nodes leave.
      ServerFrame.Presence now =
          (ServerFrame.Presence)
              a.request(new ClientFrame.Presence(a.nextRef(), List.of(bob.userId())));
      assertThat(now.users()).extracting(PresenceInfo::online).containsExactly(true);
      b.close();
      b2.close();
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  a.frames().stream()
                      .filter(f -> f instanceof ServerFrame.Presence p && p.ref() == null)
                      .flatMap(f -> ((ServerFrame.Presence) f).users().stream())
                      .anyMatch(p -> p.userId().equals(bob.userId()) && !p.online()));
    }
  }

  @Test
  void losingRedisLosesOnlyPresenceAndCacheNotMessages() {
    TestDevice erin = node1.register("erin", "violet-harbour-71", "phone");
    TestDevice frank = node2.register("frank", "violet-harbour-71", "phone");
    try (TestSocket e = TestSocket.connectAndSync(node1, erin, null);
        TestSocket f = TestSocket.connectAndSync(node2, frank, null)) {
      String conv = e.opened("frank");
      for (int i = 0; i < 5; i++) {
        e.sendMessage(conv, "before " + i);
      }
      Awaitility.await().atMost(TestSocket.WAIT).until(() -> f.messages(conv).size() == 5);
      // What a Redis restart does to the nodes: every key gone, every connection dropped.
      RedisClient client = RedisClient.create(Engines.redis().uri());
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().flushall();
        redis.sync().clientKill(KillArgs.Builder.typePubsub());
        redis.sync().clientKill(KillArgs.Builder.typeNormal().skipme(true));
      } finally {
        client.shutdown();
      }
      ServerFrame.History history =
          (ServerFrame.History) f.request(new ClientFrame.History(f.nextRef(), conv, null, 10));
      assertThat(history.messages())
          .extracting(FeedEvent.Message::body)
          .containsExactly("before 0", "before 1", "before 2", "before 3", "before 4");
      // Pushes resume once the nodes have resubscribed; whatever was pushed meanwhile is re-read.
      for (int i = 0; i < 5; i++) {
        e.sendMessage(conv, "after " + i);
      }
      Awaitility.await().atMost(TestSocket.WAIT).until(() -> f.messages(conv).size() == 10);
      assertThat(f.messages(conv))
          .extracting(FeedEvent.Message::seq)
          .isSorted()
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void nodesExportConsumerLagAndHotKeySignals() {
    TestDevice gina = node1.register("gina", "violet-harbour-71", "phone");
    node1.register("hank", "violet-harbour-71", "phone");
    try (TestSocket g = TestSocket.connectAndSync(node1, gina, null)) {
      g.sendMessage(g.opened("hank"), "counted");
    }
    // Each node consumes some partitions; between them they show every signal.
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .untilAsserted(
            () -> {
              String metrics = node1.metrics() + node2.metrics();
              assertThat(metrics)
                  .contains("kafka_consumer_fetch_manager_records_lag_max")
                  .contains("parley_hot_key_rate")
                  .contains("parley_kafka_records_total")
                  .contains("parley_delivery_seconds");
            });
  }

  @Test
  void aRetriedSendLandingOnAnotherNodeIsStoredOnce() {
    TestDevice carol = node1.register("carol", "violet-harbour-71", "phone");
    TestDevice dave = node2.register("dave", "violet-harbour-71", "phone");
    try (TestSocket d = TestSocket.connectAndSync(node2, dave, null)) {
      String id = UUID.randomUUID().toString();
      String conv;
      ServerFrame.Sent original;
      try (TestSocket c = TestSocket.connectAndSync(node1, carol, null)) {
        conv = c.opened("dave");
        original = c.sendMessage(conv, "only once", id);
      }
      // The phone lost its connection before it saw "sent" and retries through the other node.
      try (TestSocket c = TestSocket.connectAndSync(node2, carol, null)) {
        ServerFrame.Sent retried = c.sendMessage(conv, "only once", id);
        assertThat(retried.seq()).isEqualTo(original.seq());
        assertThat(retried.ts()).isEqualTo(original.ts());
        ServerFrame.Sent next = c.sendMessage(conv, "next");
        assertThat(next.seq()).isEqualTo(original.seq() + 1);
      }
      Awaitility.await().atMost(TestSocket.WAIT).until(() -> d.messages(conv).size() == 2);
      assertThat(d.messages(conv)).extracting(FeedEvent.Message::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void aBurstOfReceiptsIsFewerCommandsAndEveryDeviceConverges() {
    TestDevice ivy = node1.register("ivy", "violet-harbour-71", "phone");
    TestDevice jack = node2.register("jack", "violet-harbour-71", "phone");
    TestDevice jackLaptop = node1.login("jack", "violet-harbour-71", "laptop");
    int count = 30;
    try (TestSocket i = TestSocket.connectAndSync(node1, ivy, null);
        TestSocket j = TestSocket.connectAndSync(node2, jack, null);
        TestSocket j2 = TestSocket.connectAndSync(node1, jackLaptop, null)) {
      String conv = i.opened("jack");
      for (int n = 0; n < count; n++) {
        i.sendMessage(conv, "burst " + n);
      }
      Awaitility.await().atMost(TestSocket.WAIT).until(() -> j.messages(conv).size() == count);
      double reportsBefore = counter(node2, "parley_receipt_reports_total");
      double commandsBefore = counter(node2, "parley_receipt_commands_total");
      // The phone acknowledges each message as it shows it, as fast as it can.
      for (FeedEvent.Message m : j.messages(conv)) {
        j.send(new ClientFrame.Received(conv, m.seq()));
        j.send(new ClientFrame.Read(conv, m.seq()));
      }
      long last = j.messages(conv).get(count - 1).seq();
      for (TestSocket device : List.of(i, j2)) {
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(
                () -> {
                  List<FeedEvent.Receipt> seen =
                      device.receipts().stream()
                          .filter(r -> r.conv().equals(conv) && r.user().equals(jack.userId()))
                          .toList();
                  return !seen.isEmpty()
                      && seen.get(seen.size() - 1).read() == last
                      && seen.get(seen.size() - 1).delivered() == last;
                });
      }
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(() -> counter(node2, "parley_receipt_reports_total") - reportsBefore == 2 * count);
      double commands = counter(node2, "parley_receipt_commands_total") - commandsBefore;
      assertThat(commands).isGreaterThanOrEqualTo(1).isLessThan(2.0 * count);
    }
  }

  /** The sum of a counter's series in a node's Prometheus text. */
  private static double counter(TestServer node, String name) {
    return node.metrics()
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
