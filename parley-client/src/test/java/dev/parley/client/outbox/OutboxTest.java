package dev.parley.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.MessageStatus;
import dev.parley.client.StatusChange;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's rules against a recording wire; every call runs on a loop thread, as in the client.
 */
class OutboxTest {
  private static final Identity ME = new Identity("me", "alice", "dev1");

  @TempDir Path dir;
  private LocalStore store;
  private ScheduledExecutorService loop;
  private Outbox outbox;
  private final List<ClientFrame.Send> wire = new CopyOnWriteArrayList<>();
  private final List<StatusChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    store = LocalStore.open(dir.resolve("client.db"));
    loop = Executors.newSingleThreadScheduledExecutor();
    outbox = newOutbox(3);
  }

  private Outbox newOutbox(int window) {
    return newOutbox(window, window);
  }

  private Outbox newOutbox(int window, int conversationWindow) {
    return new Outbox(
        store,
        window,
        conversationWindow,
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        loop,
        changes::add);
  }

  @AfterEach
  void tearDown() {
    loop.shutdownNow();
    store.close();
  }

  private <T> T onLoop(Callable<T> call) throws Exception {
    return loop.submit(call).get();
  }

  private void connect() throws Exception {
    onLoop(
        () -> {
          outbox.onConnected(ME, frame -> wire.add((ClientFrame.Send) frame));
          return null;
        });
  }

  private OutboxEntry compose(String body) throws Exception {
    return compose("c1", body);
  }

  private OutboxEntry compose(String conv, String body) throws Exception {
    OutboxEntry entry = store.outbox().add(conv, body);
    onLoop(
        () -> {
          outbox.enqueue(entry);
          return null;
        });
    return entry;
  }

  private void sent(OutboxEntry entry, long seq) throws Exception {
    onLoop(
        () -> {
          outbox.onSent(new ServerFrame.Sent(entry.id(), entry.id(), entry.conv(), seq, 100 + seq));
          return null;
        });
  }

  private void error(OutboxEntry entry, String code, Long retryAfterMs) throws Exception {
    onLoop(() -> outbox.onError(new ServerFrame.Error(entry.id(), code, "test", retryAfterMs)));
  }

  @Test
  void sendsInOrderWithinTheWindow() throws Exception {
    connect();
    OutboxEntry first = compose("1");
    for (int i = 2; i <= 5; i++) {
      compose(String.valueOf(i));
    }
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("1", "2", "3");

    sent(first, 1);

    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("1", "2", "3", "4");
    assertThat(changes)
        .containsExactly(new StatusChange(first.id(), "c1", 1, MessageStatus.SENT, null));
    assertThat(store.status(first.id())).contains(MessageStatus.SENT);
  }

  @Test
  void aConversationWindowOfOneKeepsOneMessageInFlightWhileOthersProceed() throws Exception {
    outbox = newOutbox(100, 1);
    connect();
    OutboxEntry a1 = compose("a", "a1");
    compose("a", "a2");
    compose("b", "b1");
    compose("b", "b2");
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a1", "b1");

    sent(a1, 1);

    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a1", "b1", "a2");
  }

  @Test
  void afterARefusalTheLaneWaitsForEveryAnswerThenResendsFromTheRefusedOneInOrder()
      throws Exception {
    outbox = newOutbox(100, 4);
    connect();
    OutboxEntry m1 = compose("a", "1");
    OutboxEntry m2 = compose("a", "2");
    OutboxEntry m3 = compose("a", "3");
    OutboxEntry m4 = compose("a", "4");
    OutboxEntry m5 = compose("a", "5");
    compose("a", "6");
    sent(m1, 1);
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("1", "2", "3", "4", "5");

    error(m2, "rate_limited", 0L);
    // 6 is not sent while 3, 4 and 5 still wait for their answers (the server refuses them too).
    error(m3, "out_of_order", null);
    error(m4, "out_of_order", null);
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("1", "2", "3", "4", "5");
    wire.clear();
    error(m5, "out_of_order", null);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(wire)
                    .extracting(ClientFrame.Send::body)
                    .containsExactly("2", "3", "4", "5"));
    assertThat(store.status(m2.id())).contains(MessageStatus.PENDING);
  }

  @Test
  void aRateLimitedMessagePausesOnlyItsConversationAndIsNeverOvertaken() throws Exception {
    outbox = newOutbox(100, 1);
    connect();
    OutboxEntry a1 = compose("a", "a1");
    compose("a", "a2");
    OutboxEntry b1 = compose("b", "b1");
    compose("b", "b2");
    error(a1, "rate_limited", 40L);
    sent(b1, 1);

    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a1", "b1", "b2");
    await().atMost(Duration.ofSeconds(5)).until(() -> wire.size() == 4);
    assertThat(wire.get(3).id()).isEqualTo(a1.id());
    sent(a1, 2);
    assertThat(wire)
        .extracting(ClientFrame.Send::body)
        .containsExactly("a1", "b1", "b2", "a1", "a2");
  }

  @Test
  void aDisconnectResendsEverythingUnconfirmedWithTheSameKeysInOrder() throws Exception {
    connect();
    OutboxEntry a = compose("a");
    OutboxEntry b = compose("b");
    onLoop(
        () -> {
          outbox.onDisconnected();
          return null;
        });
    OutboxEntry c = compose("c");
    wire.clear();

    connect();

    assertThat(wire).extracting(ClientFrame.Send::id).containsExactly(a.id(), b.id(), c.id());
  }

  @Test
  void overloadedHoldsTheQueueAndRetriesTheSameMessageFirst() throws Exception {
    outbox = newOutbox(1);
    connect();
    OutboxEntry a = compose("a");
    compose("b");
    error(a, "overloaded", 30L);

    await().atMost(Duration.ofSeconds(5)).until(() -> wire.size() == 2);
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a", "a");
    sent(a, 1);
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a", "a", "b");
  }

  @Test
  void internalErrorsRetryWithBackoffWhenNoDelayIsGiven() throws Exception {
    connect();
    OutboxEntry a = compose("a");
    error(a, "internal", null);
    await().atMost(Duration.ofSeconds(5)).until(() -> wire.size() == 2);
    assertThat(wire.get(1).id()).isEqualTo(a.id());
  }

  @Test
  void permanentErrorsFailTheMessageAndMoveOn() throws Exception {
    outbox = newOutbox(1);
    connect();
    OutboxEntry a = compose("a");
    compose("b");
    error(a, "body_too_long", null);

    assertThat(changes)
        .containsExactly(new StatusChange(a.id(), "c1", 0, MessageStatus.FAILED, "body_too_long"));
    assertThat(store.status(a.id())).contains(MessageStatus.FAILED);
    assertThat(wire).extracting(ClientFrame.Send::body).containsExactly("a", "b");
  }

  @Test
  void pendingMessagesOfAnEarlierRunAreSentAfterLoading() throws Exception {
    OutboxEntry a = store.outbox().add("c1", "written before a crash");
    onLoop(
        () -> {
          outbox.loadPending();
          return null;
        });
    connect();
    assertThat(wire).extracting(ClientFrame.Send::id).containsExactly(a.id());
  }

  @Test
  void aMessageSeenInTheFeedIsConfirmedWithoutItsSentReply() throws Exception {
    connect();
    OutboxEntry a = compose("a");
    onLoop(
        () -> {
          outbox.onDisconnected();
          outbox.onSeenInFeed(a.id(), 4, 44);
          return null;
        });
    wire.clear();
    connect();
    assertThat(wire).isEmpty();
    assertThat(store.status(a.id())).contains(MessageStatus.SENT);
  }
}
