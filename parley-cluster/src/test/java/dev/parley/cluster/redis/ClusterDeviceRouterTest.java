package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.Committed;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.presence.PresenceStatus;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.core.testing.RecordingSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two routers with their own node ids stand for two nodes sharing one Redis. */
class ClusterDeviceRouterTest {
  private static final FeedCursor CURSORS = new FeedCursor(MemoryFeedStore.EPOCH);

  private final RedisFixture redis = new RedisFixture();
  private final MemoryFeedStore store = new MemoryFeedStore();
  private final ExecutorService reads = Executors.newSingleThreadExecutor();
  private final List<Committed> deliveredByB = new CopyOnWriteArrayList<>();
  private final ClusterDeviceRouter nodeA = redis.router("node-a", batch -> {});
  private final ClusterDeviceRouter nodeB = redis.router("node-b", deliveredByB::addAll);

  @AfterEach
  void close() throws Exception {
    reads.shutdownNow();
    redis.close();
  }

  @Test
  void anEventCommittedOnOneNodeReachesTheUsersSessionOnAnother() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    attachAndSync(nodeB, phone);
    attachAndSync(nodeA, laptop);

    StoredMessage hello =
        new StoredMessage("d.alice.bob", 1, "m1", "alice", "alice-phone", 5, "hi");
    StoredMessage mine = new StoredMessage("d.alice.bob", 2, "m2", "bob", "bob-laptop", 6, "hey");
    nodeA.committed(
        List.of(
            new Committed(1, hello, List.of("bob"), "alice-phone"),
            new Committed(2, mine, List.of("bob"), "bob-laptop")));

    await().atMost(Duration.ofSeconds(5)).until(() -> phone.events().size() == 2);
    assertThat(phone.events()).containsExactly(hello, mine);
    await().atMost(Duration.ofSeconds(5)).until(() -> laptop.events().size() == 1);
    assertThat(laptop.events())
        .as("the origin device gets no copy of its own message")
        .containsExactly(hello);
    await().atMost(Duration.ofSeconds(5)).until(() -> deliveredByB.size() == 2);
    assertThat(deliveredByB).extracting(Committed::pos).containsExactly(1L, 2L);
  }

  @Test
  void attachingADeviceOnAnotherNodeClosesItsOldSession() {
    RecordingSession old = new RecordingSession("bob", "bob-phone");
    RecordingSession newer = new RecordingSession("bob", "bob-phone");
    attachAndSync(nodeA, old);
    assertThat(nodeB.attach(feed(newer)))
        .as("displaced on another node: not returned here")
        .isEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> old.closedWith() != null);
    assertThat(old.closedWith()).isEqualTo(SessionEnd.REPLACED);
    await().atMost(Duration.ofSeconds(5)).until(() -> !nodeA.attached("bob-phone"));
    assertThat(newer.closedWith()).isNull();
    assertThat(nodeB.attached("bob-phone")).isTrue();
  }

  @Test
  void afterThePushChannelWasLostSessionsReadWhatTheyMissedFromTheStore() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    attachAndSync(nodeB, phone);
    StoredMessage missed =
        new StoredMessage("d.alice.bob", 1, "m1", "alice", "alice-phone", 5, "hi");
    store.add(List.of(new FeedEntry(1, missed))); // committed while node B could not hear it

    redis.killSubscribers();

    await().atMost(Duration.ofSeconds(20)).until(() -> phone.events().contains(missed));
    assertThat(phone.events()).containsExactly(missed);
  }

  @Test
  void aRevocationOnOneNodeClosesTheSessionOnAnother() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    attachAndSync(nodeB, phone);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              nodeA.disconnect("bob-phone", SessionEnd.REVOKED, "revoked");
              assertThat(phone.closedWith()).isEqualTo(SessionEnd.REVOKED);
            });
    assertThat(nodeB.sessionCount("bob")).isZero();
  }

  @Test
  void anEphemeralFramePushedOnOneNodeReachesTheUsersSessionsEverywhereButTheExceptedOne() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    RecordingSession tablet = new RecordingSession("bob", "bob-tablet");
    attachAndSync(nodeB, phone);
    attachAndSync(nodeA, laptop);
    attachAndSync(nodeA, tablet);

    EphemeralEvent typing = new EphemeralEvent.Typing("d.alice.bob", "alice", true);
    assertThat(nodeA.pushToUser("bob", typing, "bob-tablet")).as("the laptop, here").isEqualTo(1);
    EphemeralEvent presence =
        new EphemeralEvent.PresenceChanged(List.of(new PresenceStatus("alice", true, null)));
    nodeB.pushToUser("bob", presence, null);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> phone.frames().size() == 3 && laptop.frames().size() == 3);
    assertThat(phone.frames().subList(1, 3)).containsExactly(typing, presence);
    assertThat(laptop.frames().subList(1, 3)).containsExactly(typing, presence);
    await().atMost(Duration.ofSeconds(5)).until(() -> tablet.frames().size() == 2);
    assertThat(tablet.frames().get(1)).isEqualTo(presence);
  }

  @Test
  void aNodeSubscribesAUsersChannelWhileItHoldsASessionOfTheUser() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    RecordingSession tablet = new RecordingSession("bob", "bob-tablet");
    SessionFeed phoneFeed = attachAndSync(nodeA, phone);
    SessionFeed laptopFeed = attachAndSync(nodeA, laptop);
    SessionFeed tabletFeed = attachAndSync(nodeB, tablet);
    assertThat(subscribersOfBob()).isEqualTo(2);

    nodeA.detach(phoneFeed);
    assertThat(subscribersOfBob()).as("the laptop is still on node A").isEqualTo(2);
    nodeA.detach(laptopFeed);
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribersOfBob() == 1);
    nodeB.detach(tabletFeed);
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribersOfBob() == 0);
    assertThat(
            redis.async().exists(redis.prefix + "device:bob-laptop").toCompletableFuture().join())
        .as("unregistered")
        .isZero();
  }

  private long subscribersOfBob() {
    String channel = redis.prefix + "u:bob";
    return redis.async().pubsubShardNumsub(channel).toCompletableFuture().join().get(channel);
  }

  private SessionFeed attachAndSync(ClusterDeviceRouter node, RecordingSession session) {
    SessionFeed feed = feed(session);
    node.attach(feed);
    feed.sync(null);
    // Synced is sent once the user's channel is subscribed: live events can arrive from here on.
    await().atMost(Duration.ofSeconds(5)).until(() -> !session.frames().isEmpty());
    assertThat(session.frames().get(0)).isInstanceOf(RecordingSession.Synced.class);
    return feed;
  }

  private SessionFeed feed(RecordingSession session) {
    return new SessionFeed(session, store, CURSORS, reads, 100, 10_000, ParleyMetrics.inMemory());
  }
}
