package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedCursor;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeviceRouter} contract, sentence by sentence. Implementations extend it with a router
 * over fresh state per test; a router that is one node of several also returns a {@link
 * #secondNode}.
 *
 * <p>Delivery is awaited, since a cluster router hands events over asynchronously. Where a test
 * checks that a session got nothing, it first awaits a later delivery to the same session (a
 * fence), so the unwanted one would have arrived by then.
 */
public abstract class DeviceRouterContract {
  private static final Duration DELIVERY = Duration.ofSeconds(5);
  private static final FeedCursor CURSORS = new FeedCursor(MemoryFeedStore.EPOCH);
  private static final EphemeralEvent TYPING =
      new EphemeralEvent.Typing("d.alice.bob", "alice", true);
  private static final EphemeralEvent PRESENCE =
      new EphemeralEvent.PresenceChanged(List.of(new PresenceStatus("alice", true, null)));

  private final ExecutorService reads = Executors.newSingleThreadExecutor();
  private final AtomicLong positions = new AtomicLong();

  /** Nothing stored: a session synced from now on gets only what is delivered live. */
  private final MemoryFeedStore feeds = new MemoryFeedStore();

  /** The router under test, over fresh state (the same instance for the whole test). */
  protected abstract DeviceRouter router();

  /**
   * Another node's router over the same shared state as {@link #router}; null (the default) for a
   * router that is the only one, which skips the tests across nodes.
   */
  protected DeviceRouter secondNode() {
    return null;
  }

  @AfterEach
  void stopReads() {
    reads.shutdownNow();
  }

  @Test
  void attachReturnsTheSessionItDisplacedForTheSameDevice() {
    RecordingSession oldPhone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    RecordingSession newPhone = new RecordingSession("bob", "bob-phone");
    SessionFeed oldFeed = feed(oldPhone);
    assertThat(router().attach(oldFeed)).isEmpty();
    assertThat(router().attach(feed(laptop))).as("another device of the user").isEmpty();
    assertThat(router().attach(feed(newPhone))).containsSame(oldFeed);
    assertThat(router().sessionCount("bob")).as("one session per device").isEqualTo(2);
    assertThat(router().sessionCount()).isEqualTo(2);
  }

  @Test
  void aDisplacedSessionGetsNoMoreEvents() {
    RecordingSession oldPhone = new RecordingSession("bob", "bob-phone");
    RecordingSession newPhone = new RecordingSession("bob", "bob-phone");
    attachAndSync(router(), oldPhone);
    attachAndSync(router(), newPhone);
    ConversationEvent hello = message("alice", "alice-phone");
    router().committed(List.of(committed(hello, "alice-phone", "bob")));
    awaitEvents(newPhone, hello);
    assertThat(oldPhone.events()).isEmpty();
  }

  @Test
  void detachDetachesTheAttachedSession() {
    SessionFeed phone = attachAndSync(router(), new RecordingSession("bob", "bob-phone"));
    SessionFeed laptop = attachAndSync(router(), new RecordingSession("bob", "bob-laptop"));
    router().detach(phone);
    assertThat(router().attached("bob-phone")).isFalse();
    assertThat(router().attached("bob-laptop")).isTrue();
    assertThat(router().sessions()).containsExactly(laptop);
    assertThat(router().sessionCount("bob")).isEqualTo(1);
    assertThat(router().sessionCount()).isEqualTo(1);
  }

  @Test
  void aStaleDetachAfterReplacementLeavesTheNewSessionAttached() {
    RecordingSession newPhone = new RecordingSession("bob", "bob-phone");
    SessionFeed oldFeed = attachAndSync(router(), new RecordingSession("bob", "bob-phone"));
    SessionFeed newFeed = attachAndSync(router(), newPhone);
    router().detach(oldFeed); // the old connection's close handler runs after the new one attached
    assertThat(router().attached("bob-phone")).isTrue();
    assertThat(router().sessions()).containsExactly(newFeed);
    assertThat(router().sessionCount("bob")).isEqualTo(1);
    assertThat(router().sessionCount()).isEqualTo(1);

    ConversationEvent hello = message("alice", "alice-phone");
    router().committed(List.of(committed(hello, "alice-phone", "bob")));
    awaitEvents(newPhone, hello);
  }

  @Test
  void sessionCountsFollowAttachAndDetach() {
    assertThat(router().sessionCount()).isZero();
    assertThat(router().sessionCount("bob")).isZero();
    assertThat(router().attached("bob-phone")).isFalse();
    SessionFeed phone = attachAndSync(router(), new RecordingSession("bob", "bob-phone"));
    SessionFeed laptop = attachAndSync(router(), new RecordingSession("bob", "bob-laptop"));
    SessionFeed carol = attachAndSync(router(), new RecordingSession("carol", "carol-phone"));
    assertThat(router().sessions()).containsExactlyInAnyOrder(phone, laptop, carol);
    assertThat(router().sessionCount()).isEqualTo(3);
    assertThat(router().sessionCount("bob")).isEqualTo(2);
    assertThat(router().sessionCount("carol")).isEqualTo(1);
    router().detach(laptop);
    router().detach(laptop);
    assertThat(router().sessionCount()).as("a second detach changes nothing").isEqualTo(2);
    assertThat(router().sessionCount("bob")).isEqualTo(1);
    router().detach(phone);
    router().detach(carol);
    assertThat(router().sessionCount()).isZero();
    assertThat(router().sessionCount("bob")).isZero();
    assertThat(router().sessions()).isEmpty();
  }

  @Test
  void committedBatchesReachEverySessionOfTheAudienceInCommitOrder() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    RecordingSession carol = new RecordingSession("carol", "carol-phone");
    RecordingSession dave = new RecordingSession("dave", "dave-phone");
    List.of(phone, laptop, carol, dave).forEach(s -> attachAndSync(router(), s));

    ConversationEvent m1 = message("alice", "alice-phone");
    ConversationEvent m2 = message("alice", "alice-phone");
    ConversationEvent toBob = message("alice", "alice-phone");
    ConversationEvent m3 = message("alice", "alice-phone");
    router()
        .committed(
            List.of(
                committed(m1, "alice-phone", "bob", "carol"),
                committed(m2, "alice-phone", "bob", "carol")));
    router().committed(List.of(committed(toBob, "alice-phone", "bob")));
    router().committed(List.of(committed(m3, "alice-phone", "bob", "carol")));

    awaitEvents(phone, m1, m2, toBob, m3);
    awaitEvents(laptop, m1, m2, toBob, m3);
    awaitEvents(carol, m1, m2, m3);
    ConversationEvent fence = message("alice", "alice-phone");
    router().committed(List.of(committed(fence, "alice-phone", "dave")));
    awaitEvents(dave, fence); // outside the audience, dave got nothing else
  }

  @Test
  void theOriginDeviceGetsNoLiveCopyOfItsEvent() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    attachAndSync(router(), phone);
    attachAndSync(router(), laptop);

    ConversationEvent fromAlice = message("alice", "alice-phone");
    ConversationEvent fromLaptop = message("bob", "bob-laptop");
    ConversationEvent fromAliceAgain = message("alice", "alice-phone");
    router()
        .committed(
            List.of(
                committed(fromAlice, "alice-phone", "alice", "bob"),
                committed(fromLaptop, "bob-laptop", "alice", "bob"),
                committed(fromAliceAgain, "alice-phone", "alice", "bob")));

    awaitEvents(phone, fromAlice, fromLaptop, fromAliceAgain);
    awaitEvents(laptop, fromAlice, fromAliceAgain);
  }

  @Test
  void pushToUserReachesEverySessionOfTheUserButTheExceptedDevice() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    RecordingSession tablet = new RecordingSession("bob", "bob-tablet");
    RecordingSession carol = new RecordingSession("carol", "carol-phone");
    List.of(phone, laptop, tablet, carol).forEach(s -> attachAndSync(router(), s));

    assertThat(router().pushToUser("bob", TYPING, "bob-tablet"))
        .as("sessions reached")
        .isEqualTo(2);
    router().pushToUser("bob", PRESENCE, null);
    awaitEphemeral(phone, TYPING, PRESENCE);
    awaitEphemeral(laptop, TYPING, PRESENCE);
    awaitEphemeral(tablet, PRESENCE);
    EphemeralEvent fence = new EphemeralEvent.Typing("d.alice.carol", "alice", false);
    router().pushToUser("carol", fence, null);
    awaitEphemeral(carol, fence); // another user: carol got only her own
  }

  /**
   * Protected so that an implementation known to break this sentence can disable it, with its
   * reason.
   */
  @Test
  protected void pushToUserReachesNoSessionOfAUserWithNone() {
    attachAndSync(router(), new RecordingSession("carol", "carol-phone"));
    assertThat(router().pushToUser("bob", TYPING, null)).isZero();
  }

  @Test
  void disconnectClosesTheDevicesSessionWithTheCode() {
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    attachAndSync(router(), phone);
    attachAndSync(router(), laptop);
    router().disconnect("bob-phone", SessionEnd.REVOKED, "revoked");
    router().disconnect("nobodys-phone", SessionEnd.REVOKED, "revoked");

    await().until(() -> phone.closedWith() != null);
    assertThat(phone.closedWith()).isEqualTo(SessionEnd.REVOKED);
    await().until(() -> !router().attached("bob-phone"));
    assertThat(router().sessionCount("bob")).isEqualTo(1);
    ConversationEvent hello = message("alice", "alice-phone");
    router().committed(List.of(committed(hello, "alice-phone", "bob")));
    awaitEvents(laptop, hello);
    assertThat(phone.events()).as("closed: no more events").isEmpty();
    assertThat(laptop.closedWith()).isNull();
  }

  @Test
  void anEventCommittedOnOneNodeReachesTheAudiencesSessionsOnAnother() {
    DeviceRouter other = requireSecondNode();
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    attachAndSync(other, phone);
    attachAndSync(router(), laptop);
    ConversationEvent m1 = message("alice", "alice-phone");
    ConversationEvent mine = message("bob", "bob-phone");
    ConversationEvent m2 = message("alice", "alice-phone");
    router()
        .committed(
            List.of(committed(m1, "alice-phone", "bob"), committed(mine, "bob-phone", "bob")));
    router().committed(List.of(committed(m2, "alice-phone", "bob")));
    awaitEvents(phone, m1, m2);
    awaitEvents(laptop, m1, mine, m2);
  }

  @Test
  void aDeviceHasAtMostOneAttachedSessionAcrossNodes() {
    DeviceRouter other = requireSecondNode();
    RecordingSession oldPhone = new RecordingSession("bob", "bob-phone");
    RecordingSession newPhone = new RecordingSession("bob", "bob-phone");
    attachAndSync(router(), oldPhone);
    attachAndSync(other, newPhone);
    await().until(() -> !router().attached("bob-phone"));
    assertThat(other.attached("bob-phone")).isTrue();
    ConversationEvent hello = message("alice", "alice-phone");
    router().committed(List.of(committed(hello, "alice-phone", "bob")));
    awaitEvents(newPhone, hello);
    assertThat(oldPhone.events()).isEmpty();
  }

  @Test
  void pushToUserOnOneNodeReachesTheUsersSessionsOnAnother() {
    DeviceRouter other = requireSecondNode();
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    RecordingSession laptop = new RecordingSession("bob", "bob-laptop");
    attachAndSync(other, phone);
    attachAndSync(router(), laptop);
    router().pushToUser("bob", TYPING, "bob-laptop");
    router().pushToUser("bob", PRESENCE, null);
    awaitEphemeral(phone, TYPING, PRESENCE);
    awaitEphemeral(laptop, PRESENCE);
  }

  @Test
  void disconnectOnOneNodeClosesTheSessionOnAnother() {
    DeviceRouter other = requireSecondNode();
    RecordingSession phone = new RecordingSession("bob", "bob-phone");
    attachAndSync(other, phone);
    // The device's registration may not be visible yet: a revocation that finds no session is
    // retried.
    await()
        .untilAsserted(
            () -> {
              router().disconnect("bob-phone", SessionEnd.REVOKED, "revoked");
              assertThat(phone.closedWith()).isEqualTo(SessionEnd.REVOKED);
            });
    await().until(() -> !other.attached("bob-phone"));
  }

  /** Polls often: an embedded router delivers at once, and the suite should stay fast. */
  private static ConditionFactory await() {
    return Awaitility.await()
        .atMost(DELIVERY)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  private DeviceRouter requireSecondNode() {
    DeviceRouter other = secondNode();
    assumeTrue(other != null, "the router is the only node");
    return other;
  }

  /**
   * Attaches a session and waits until it is live, so every event committed from then on is owed to
   * it.
   */
  private SessionFeed attachAndSync(DeviceRouter router, RecordingSession session) {
    SessionFeed feed = feed(session);
    router.attach(feed);
    feed.sync(null);
    await().until(() -> !session.frames().isEmpty());
    assertThat(session.frames().get(0)).isInstanceOf(RecordingSession.Synced.class);
    return feed;
  }

  private SessionFeed feed(RecordingSession session) {
    return new SessionFeed(session, feeds, CURSORS, reads, 100, 10_000, ParleyMetrics.inMemory());
  }

  /**
   * A new event at the next position: create events in the order they are committed, as a log
   * would.
   */
  private ConversationEvent message(String from, String device) {
    long pos = positions.incrementAndGet();
    return new StoredMessage("d.alice.bob", pos, "m" + pos, from, device, pos, "hi " + pos);
  }

  private static Committed committed(
      ConversationEvent event, String originDevice, String... audience) {
    return new Committed(((StoredMessage) event).seq(), event, List.of(audience), originDevice);
  }

  /**
   * Waits until the session got as many events as expected, then checks they are exactly those, in
   * order.
   */
  private static void awaitEvents(RecordingSession session, ConversationEvent... expected) {
    await().until(() -> session.events().size() >= expected.length);
    assertThat(session.events()).containsExactly(expected);
  }

  private static void awaitEphemeral(RecordingSession session, EphemeralEvent... expected) {
    await().until(() -> session.ephemeral().size() >= expected.length);
    assertThat(session.ephemeral()).containsExactly(expected);
  }
}
