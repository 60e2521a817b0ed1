package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.log.Committed;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.core.testing.RecordingSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group events pushed per node: two routers stand for two nodes sharing one Redis, every user's
 * feed in partition 0, the users' groups from a map the test changes.
 */
class GroupFanOutTest {
  private static final FeedCursor CURSORS = new FeedCursor(MemoryFeedStore.EPOCH);
  private static final String GROUP = ConversationId.group("ann", UUID.randomUUID()).value();

  private final RedisFixture redis = new RedisFixture();
  private final MemoryFeedStore store = new MemoryFeedStore();
  private final ExecutorService reads = Executors.newSingleThreadExecutor();
  private final Map<String, List<String>> groupsOf = new ConcurrentHashMap<>();
  private final GroupNodes groupNodes =
      new GroupNodes(redis.async(), redis.prefix, DeviceRegistry.DEFAULT_TTL);
  private final GroupFanOut fanOut =
      new GroupFanOut(
          groupNodes,
          user -> 0,
          user -> CompletableFuture.completedFuture(groupsOf.getOrDefault(user, List.of())));
  private final List<Committed> deliveredByB = new CopyOnWriteArrayList<>();
  private final ClusterDeviceRouter nodeA = redis.router("node-a", batch -> {}, fanOut);
  private final ClusterDeviceRouter nodeB = redis.router("node-b", deliveredByB::addAll, fanOut);

  @AfterEach
  void close() throws Exception {
    reads.shutdownNow();
    redis.close();
  }

  @Test
  void aGroupEventGoesOnceToEachNodeHostingMembersAndOnlyToCurrentMembers() {
    for (String user : List.of("ann", "ben", "cid")) {
      groupsOf.put(user, List.of(GROUP));
    }
    RecordingSession ann = attachAndSync(nodeA, new RecordingSession("ann", "ann-phone"));
    RecordingSession ben = attachAndSync(nodeB, new RecordingSession("ben", "ben-phone"));
    RecordingSession cid = attachAndSync(nodeB, new RecordingSession("cid", "cid-phone"));
    RecordingSession dan = attachAndSync(nodeB, new RecordingSession("dan", "dan-phone"));
    assertThat(nodesOfGroup()).containsExactlyInAnyOrder("node-a", "node-b");

    StoredMessage hello = message(2, "ann", "hello");
    nodeA.committed(List.of(new Committed(7, hello, List.of("ann", "ben", "cid"), "ann-phone")));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ben.events().contains(hello) && cid.events().contains(hello));
    assertThat(deliveredByB)
        .as("one push to node B for both of its members")
        .singleElement()
        .satisfies(c -> assertThat(c.audience()).containsExactly("ben", "cid"));
    assertThat(ann.events()).as("the sender's own device").isEmpty();

    // cid was removed before this one: the sequencer left him out of its members.
    StoredMessage after = message(4, "ben", "after cid left");
    nodeA.committed(List.of(new Committed(9, after, List.of("ann", "ben"), "ben-phone")));
    await().atMost(Duration.ofSeconds(5)).until(() -> ann.events().contains(after));
    assertThat(cid.events()).containsExactly(hello);
    assertThat(dan.events()).isEmpty();
  }

  @Test
  void aMemberAddedWhileConnectedGetsTheAdditionAndEverythingAfterIt() {
    groupsOf.put("ann", List.of(GROUP));
    RecordingSession ann = attachAndSync(nodeA, new RecordingSession("ann", "ann-phone"));
    RecordingSession eve = attachAndSync(nodeB, new RecordingSession("eve", "eve-phone"));
    assertThat(nodesOfGroup()).containsExactly("node-a");

    StoredMessage added =
        new StoredMessage(
            GROUP,
            3,
            "m3",
            "ann",
            "ann-phone",
            30,
            "",
            new MembershipChange(MembershipChange.Action.ADDED, "ann", List.of("eve"), null, null));
    nodeA.committed(List.of(new Committed(10, added, List.of("ann", "eve"), "ann-phone")));
    await().atMost(Duration.ofSeconds(5)).until(() -> eve.events().contains(added));
    await().atMost(Duration.ofSeconds(5)).until(() -> nodesOfGroup().contains("node-b"));

    StoredMessage next = message(4, "ann", "welcome");
    nodeA.committed(List.of(new Committed(11, next, List.of("ann", "eve"), "ann-phone")));
    await().atMost(Duration.ofSeconds(5)).until(() -> eve.events().contains(next));
    assertThat(eve.events()).containsExactly(added, next);
    assertThat(ann.events()).isEmpty();
  }

  @Test
  void aUsersOwnAndGroupEventsArriveInPositionOrder() {
    groupsOf.put("ben", List.of(GROUP));
    RecordingSession ben = attachAndSync(nodeB, new RecordingSession("ben", "ben-phone"));
    StoredMessage direct1 = new StoredMessage("d.ann.ben", 1, "d1", "ann", "ann-phone", 5, "one");
    StoredMessage inGroup = message(2, "ann", "two");
    StoredMessage direct2 = new StoredMessage("d.ann.ben", 2, "d2", "ann", "ann-phone", 6, "three");
    nodeA.committed(
        List.of(
            new Committed(1, direct1, List.of("ben"), "ann-phone"),
            new Committed(2, inGroup, List.of("ann", "ben"), "ann-phone"),
            new Committed(3, direct2, List.of("ben"), "ann-phone")));

    await().atMost(Duration.ofSeconds(5)).until(() -> ben.events().size() == 3);
    assertThat(ben.events()).containsExactly(direct1, inGroup, direct2);
  }

  @Test
  void aNodeLeavesTheGroupsSliceWithItsLastMemberSession() {
    groupsOf.put("ben", List.of(GROUP));
    groupsOf.put("cid", List.of(GROUP));
    SessionFeed ben = feed(new RecordingSession("ben", "ben-phone"));
    SessionFeed cid = feed(new RecordingSession("cid", "cid-phone"));
    nodeB.attach(ben);
    nodeB.attach(cid);
    await().atMost(Duration.ofSeconds(5)).until(() -> nodesOfGroup().contains("node-b"));

    nodeB.detach(ben);
    assertThat(nodesOfGroup()).as("cid is still here").containsExactly("node-b");
    nodeB.detach(cid);
    await().atMost(Duration.ofSeconds(5)).until(() -> nodesOfGroup().isEmpty());
  }

  private List<String> nodesOfGroup() {
    GroupNodes.Slice slice = new GroupNodes.Slice(GROUP, 0);
    return groupNodes.nodesOf(List.of(slice)).toCompletableFuture().join().get(slice);
  }

  private static StoredMessage message(long seq, String from, String body) {
    return new StoredMessage(GROUP, seq, "m" + seq, from, from + "-phone", seq * 10, body);
  }

  private RecordingSession attachAndSync(ClusterDeviceRouter node, RecordingSession session) {
    SessionFeed feed = feed(session);
    node.attach(feed);
    feed.sync(null);
    // Synced comes once the user's channel and groups are routed here.
    await().atMost(Duration.ofSeconds(5)).until(() -> !session.frames().isEmpty());
    assertThat(session.frames().get(0)).isInstanceOf(RecordingSession.Synced.class);
    return session;
  }

  private SessionFeed feed(RecordingSession session) {
    return new SessionFeed(session, store, CURSORS, reads, 100, 10_000, ParleyMetrics.inMemory());
  }
}
