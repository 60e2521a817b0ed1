package dev.parley.core.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.account.MemoryAccountStore;
import dev.parley.core.account.Principal;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.Committed;
import dev.parley.core.messaging.HistoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push thread's hand-off and store writes, with a gateway that the test answers by hand (and
 * can hold on the push thread itself, to fill the hand-off without any timing).
 */
class PushServiceTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final MemoryPushStore store = new MemoryPushStore();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Gateway gateway = new Gateway();
  private final PushService push =
      new PushService(
          new PushPolicy(
              Set.of("g"),
              false,
              Duration.ofSeconds(5),
              Duration.ofHours(1),
              100_000,
              64,
              Duration.ofSeconds(1),
              Duration.ofMinutes(5)),
          store,
          gateway,
          new MemoryAccountStore(),
          new OneUnread(),
          GroupStore.NONE,
          device -> false,
          Clock.systemUTC(),
          meters);
  private long pos;

  @AfterEach
  void close() {
    gateway.release.countDown();
    push.close();
  }

  @Test
  void aReadReceiptsClearIsNotLostWhileTheHandOffIsFullOfUnrelatedTraffic() throws Exception {
    push.register(new Principal("alice", "alice", "alice-phone"), "g", "k1");
    push.register(new Principal("bob", "bob", "bob-phone"), "g", "k2");
    push.start();
    String aliceConv = ConversationId.direct("alice", "carol").value();
    push.committed(List.of(message(aliceConv, 1, "carol", "alice", "carol")));
    Delivery first = gateway.next();
    assertThat(first.n().target().deviceId()).isEqualTo("alice-phone");
    first.answer().complete(PushDelivery.Outcome.ACCEPTED);
    await().atMost(PATIENCE).until(() -> counted("sent") == 1);

    // Bob's notification holds the push thread in the gateway call until released.
    gateway.holdNext = true;
    push.committed(
        List.of(
            message(ConversationId.direct("bob", "carol").value(), 1, "carol", "bob", "carol")));
    assertThat(gateway.held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    // More batches than the hand-off holds, none of them of interest to push.
    String others = ConversationId.direct("dave", "erin").value();
    for (int i = 1; i <= PushService.HAND_OFF + 1000; i++) {
      push.committed(List.of(message(others, i, "dave", "dave", "erin")));
      push.committed(List.of(read(others, "erin", i)));
    }
    push.committed(List.of(read(aliceConv, "alice", 1)));
    gateway.release.countDown();

    Delivery clear = gateway.next();
    while (clear.n().kind() != PushNotification.Kind.CLEAR) {
      clear.answer().complete(PushDelivery.Outcome.ACCEPTED);
      clear = gateway.next();
    }
    assertThat(clear.n().target().deviceId()).isEqualTo("alice-phone");
    assertThat(clear.n().seq()).isEqualTo(1);
    assertThat(counted("dropped")).isZero();
    assertThat(meters.counter("parley.push.receipts.dropped").count()).isZero();
  }

  @Test
  void aFullHandOffCountsTheNotificationsAndReceiptsItLoses() throws Exception {
    push.register(new Principal("alice", "alice", "alice-phone"), "g", "k1");
    push.register(new Principal("alice", "alice", "alice-tablet"), "g", "k2");
    push.start();
    gateway.holdNext = true;
    String conv = ConversationId.direct("alice", "carol").value();
    push.committed(List.of(message(conv, 1, "carol", "alice", "carol")));
    assertThat(gateway.held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 2; i < PushService.HAND_OFF + 2; i++) {
      push.committed(List.of(message(conv, i, "carol", "alice", "carol")));
    }
    assertThat(counted("dropped")).isZero();

    push.committed(List.of(message(conv, 9999, "carol", "alice", "carol")));
    push.committed(List.of(read(conv, "alice", 9999)));
    // Unrelated traffic is never counted: it never needed the push thread.
    push.committed(
        List.of(message(ConversationId.direct("dave", "erin").value(), 1, "dave", "dave", "erin")));

    assertThat(counted("dropped")).isEqualTo(2); // one message, two offline devices
    assertThat(meters.counter("parley.push.receipts.dropped").count()).isEqualTo(1);
  }

  @Test
  void aRoundWritesWhatItQueuedInOneStoreWrite() throws Exception {
    List<Committed> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      push.register(new Principal("u" + i, "u" + i, "d" + i), "g", "k" + i);
      batch.add(message(ConversationId.direct("u" + i, "zed").value(), 1, "zed", "u" + i, "zed"));
    }
    push.committed(batch); // before start: the first round finds it whole
    push.start();
    for (int i = 0; i < 50; i++) {
      gateway.next();
    }
    assertThat(store.queued()).hasSize(50);
    assertThat(store.queueWrites.get()).isEqualTo(1);
  }

  private double counted(String outcome) {
    var c = meters.find("parley.push.notifications").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  private Committed message(String conv, long seq, String from, String... audience) {
    return new Committed(
        ++pos,
        new StoredMessage(conv, seq, "id-" + pos, from, from + "-laptop", 1000 + pos, "hi"),
        List.of(audience),
        from + "-laptop");
  }

  private Committed read(String conv, String user, long seq) {
    return new Committed(++pos, new ReceiptMoved(conv, user, seq, seq), List.of(user), null);
  }

  private record Delivery(PushNotification n, CompletableFuture<PushDelivery.Outcome> answer) {}

  /** Hands each notification to the test; the first after {@code holdNext} blocks its caller. */
  private static final class Gateway implements PushDelivery {
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdNext;

    @Override
    public CompletionStage<Outcome> deliver(PushNotification n) {
      if (holdNext) {
        holdNext = false;
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      CompletableFuture<Outcome> answer = new CompletableFuture<>();
      deliveries.add(new Delivery(n, answer));
      return answer;
    }

    Delivery next() throws InterruptedException {
      Delivery d = deliveries.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(d).as("a notification reached the gateway").isNotNull();
      return d;
    }
  }

  /** Every conversation has one unread message. */
  private static final class OneUnread implements HistoryStore {
    @Override
    public List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
      return List.of();
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId conv) {
      return Optional.empty();
    }

    @Override
    public RecentPage recent(String userId, String pageToken, int limit) {
      return new RecentPage(List.of(), null);
    }

    @Override
    public int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap) {
      return 1;
    }
  }
}
