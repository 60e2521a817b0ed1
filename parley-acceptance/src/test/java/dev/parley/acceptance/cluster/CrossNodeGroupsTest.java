package dev.parley.acceptance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group whose members sit on three nodes of one cluster behaves as on one server: messages,
 * membership changes and group ticks reach everyone they concern, history rules hold, and a retried
 * send through another node is stored once.
 */
class CrossNodeGroupsTest {
  private static final String PASSWORD = "quartz-lantern-58";
  private static LocalCluster cluster;
  private static TestServer node1;
  private static TestServer node2;
  private static TestServer node3;

  @BeforeAll
  static void startCluster() {
    cluster = new LocalCluster();
    node1 = cluster.startNode("node-1");
    node2 = cluster.startNode("node-2");
    node3 = cluster.startNode("node-3");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static ServerFrame.GroupChanged changed(ServerFrame frame) {
    assertThat(frame).isInstanceOf(ServerFrame.GroupChanged.class);
    return (ServerFrame.GroupChanged) frame;
  }

  private static List<Long> seqs(TestSocket s, String conv) {
    return s.messages(conv).stream().map(FeedEvent.Message::seq).toList();
  }

  @Test
  void membersOnThreeNodesSeeMessagesChangesAndTicks() {
    TestDevice alice = node1.register("galice", PASSWORD, "phone");
    TestDevice bob = node2.register("gbob", PASSWORD, "phone");
    TestDevice carol = node3.register("gcarol", PASSWORD, "phone");
    TestDevice dave = node3.register("gdave", PASSWORD, "phone");
    try (TestSocket a = TestSocket.connectAndSync(node1, alice, null);
        TestSocket b = TestSocket.connectAndSync(node2, bob, null);
        TestSocket c = TestSocket.connectAndSync(node3, carol, null);
        TestSocket d = TestSocket.connectAndSync(node3, dave, null)) {
      String conv =
          changed(
                  a.request(
                      new ClientFrame.CreateGroup(
                          a.nextRef(),
                          UUID.randomUUID().toString(),
                          "Trip",
                          List.of("gbob", "gcarol"))))
              .conv();
      ServerFrame.Sent hello = b.sendMessage(conv, "hello from node 2");
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  seqs(a, conv).contains(hello.seq())
                      && seqs(c, conv).containsAll(List.of(1L, hello.seq())));
      assertThat(c.messages(conv).get(0).system().action()).isEqualTo("created");

      long added =
          changed(a.request(new ClientFrame.GroupAdd(a.nextRef(), conv, List.of("gdave")))).seq();
      long removed =
          changed(a.request(new ClientFrame.GroupRemove(a.nextRef(), conv, carol.userId()))).seq();
      ServerFrame.Sent after = d.sendMessage(conv, "dave here, on node 3");
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  seqs(a, conv).contains(after.seq())
                      && seqs(b, conv).contains(after.seq())
                      // the acting device gets its own changes live too
                      && seqs(a, conv).containsAll(List.of(1L, added, removed))
                      && seqs(c, conv).contains(removed));
      // Dave sees from his addition on; carol up to her removal, nothing after.
      assertThat(seqs(d, conv)).startsWith(added).doesNotContain(1L, hello.seq());
      assertThat(seqs(c, conv)).doesNotContain(after.seq());
      ServerFrame.History daveHistory =
          (ServerFrame.History) d.request(new ClientFrame.History(d.nextRef(), conv, null, 50));
      assertThat(daveHistory.messages())
          .extracting(FeedEvent.Message::seq)
          .containsExactly(added, removed, after.seq());
      ServerFrame.History carolHistory =
          (ServerFrame.History) c.request(new ClientFrame.History(c.nextRef(), conv, null, 50));
      assertThat(carolHistory.messages())
          .extracting(FeedEvent.Message::seq)
          .containsExactly(1L, hello.seq(), added, removed);
      assertThat(
              c.request(new ClientFrame.Send(c.nextRef(), UUID.randomUUID().toString(), conv, "?")))
          .isInstanceOfSatisfying(
              ServerFrame.Error.class, e -> assertThat(e.code()).isEqualTo("forbidden"));

      // Group ticks: once everyone read dave's message, its sender (and only senders) learn it.
      a.send(new ClientFrame.Read(conv, after.seq()));
      b.send(new ClientFrame.Read(conv, after.seq()));
      Awaitility.await()
          .atMost(TestSocket.WAIT)
          .until(
              () ->
                  d.feedEvents().stream()
                      .anyMatch(
                          e ->
                              e instanceof FeedEvent.GroupReceipt r
                                  && r.conv().equals(conv)
                                  && r.read() >= after.seq()));
      assertThat(c.feedEvents()).noneMatch(FeedEvent.GroupReceipt.class::isInstance);

      ServerFrame.Conversations list =
          (ServerFrame.Conversations)
              d.request(new ClientFrame.Conversations(d.nextRef(), 10, null));
      ConversationSummary summary = list.items().get(0);
      assertThat(summary.conv()).isEqualTo(conv);
      assertThat(summary.group().title()).isEqualTo("Trip");
      assertThat(summary.group().size()).isEqualTo(3);
      assertThat(summary.last().seq()).isEqualTo(after.seq());
    }
  }

  @Test
  void aRetriedGroupSendLandingOnAnotherNodeIsStoredOnce() {
    TestDevice erin = node1.register("gerin", PASSWORD, "phone");
    TestDevice frank = node2.register("gfrank", PASSWORD, "phone");
    try (TestSocket f = TestSocket.connectAndSync(node2, frank, null)) {
      String id = UUID.randomUUID().toString();
      String conv;
      ServerFrame.Sent original;
      try (TestSocket e = TestSocket.connectAndSync(node1, erin, null)) {
        conv =
            changed(
                    e.request(
                        new ClientFrame.CreateGroup(
                            e.nextRef(), UUID.randomUUID().toString(), "Once", List.of("gfrank"))))
                .conv();
        original = e.sendMessage(conv, "only once", id);
      }
      try (TestSocket e = TestSocket.connectAndSync(node3, erin, null)) {
        ServerFrame.Sent retried = e.sendMessage(conv, "only once", id);
        assertThat(retried.seq()).isEqualTo(original.seq());
        assertThat(retried.ts()).isEqualTo(original.ts());
        assertThat(e.sendMessage(conv, "next").seq()).isEqualTo(original.seq() + 1);
      }
      Awaitility.await().atMost(TestSocket.WAIT).until(() -> f.messages(conv).size() == 3);
      assertThat(f.messages(conv)).extracting(FeedEvent.Message::id).doesNotHaveDuplicates();
      ServerFrame.History history =
          (ServerFrame.History) f.request(new ClientFrame.History(f.nextRef(), conv, null, 50));
      assertThat(history.messages())
          .extracting(FeedEvent.Message::body)
          .containsExactly("", "only once", "next");
    }
  }
}
