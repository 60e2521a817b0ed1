package dev.parley.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ConversationLog} contract, sentence by sentence. Every implementation extends this
 * with a fixture that opens (and, for {@link #reopen}, reopens on the same data) a real log.
 */
public abstract class ConversationLogContract {
  protected static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");
  protected static final ConversationId AC = ConversationId.direct("aaaa", "cccc");

  protected final List<Committed> committed = new CopyOnWriteArrayList<>();
  protected ConversationLog log;

  /**
   * Users {@code aaaa}, {@code bbbb}, {@code cccc} and {@code dddd} exist; {@code zzzz} does not.
   */
  protected static final java.util.List<String> USERS =
      java.util.List.of("aaaa", "bbbb", "cccc", "dddd");

  /** Opens the log under test (fresh data, with {@link #USERS} registered). */
  protected abstract ConversationLog open();

  /** Closes the log and opens it again on the same data. */
  protected abstract ConversationLog reopen();

  @BeforeEach
  void openLog() {
    log = open();
    log.setListener(committed::addAll);
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  protected static NewMessage message(ConversationId conv, String sender, UUID id) {
    return new NewMessage(conv, sender, sender + "-dev", id, "body " + id);
  }

  /**
   * The committed events in the order the listener first saw them, each once. A log may hand an
   * event over once for its whole audience (embedded) or once per audience member, at that member's
   * feed position (partitioned).
   */
  protected List<ConversationEvent> events() {
    return committed.stream().map(Committed::event).distinct().toList();
  }

  /** Feed positions each user's events were committed at, in the order the listener saw them. */
  protected java.util.Map<String, List<Long>> positionsByUser() {
    java.util.Map<String, List<Long>> byUser = new java.util.TreeMap<>();
    for (Committed c : committed) {
      for (String user : c.audience()) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(c.pos());
      }
    }
    return byUser;
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void sequencesAreStrictlyIncreasingPerConversationInAppendOrder() throws Exception {
    List<CompletableFuture<AppendResult>> ab = new ArrayList<>();
    List<CompletableFuture<AppendResult>> ac = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ab.add(log.append(message(AB, i % 2 == 0 ? "aaaa" : "bbbb", UUID.randomUUID())));
      ac.add(log.append(message(AC, "cccc", UUID.randomUUID())));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(get(ab.get(i)).seq()).isEqualTo(i + 1);
      assertThat(get(ac.get(i)).seq()).isEqualTo(i + 1);
    }
  }

  @Test
  void listenerSeesCommittedEventsInSequenceOrderWithIncreasingPositions() throws Exception {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      results.add(log.append(message(i % 3 == 0 ? AC : AB, "aaaa", UUID.randomUUID())));
    }
    for (CompletableFuture<AppendResult> r : results) {
      get(r);
    }
    Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () ->
                events().size() == 300
                    && positionsByUser().values().stream().mapToInt(List::size).sum() == 600);
    positionsByUser()
        .forEach(
            (user, positions) -> assertThat(positions).as(user).isSorted().doesNotHaveDuplicates());
    for (ConversationId conv : List.of(AB, AC)) {
      List<Long> seqs =
          events().stream()
              .filter(e -> e.conv().equals(conv.value()))
              .map(e -> ((StoredMessage) e).seq())
              .toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L);
    }
    ConversationEvent first = events().get(0);
    assertThat(
            committed.stream()
                .filter(c -> c.event().equals(first))
                .flatMap(c -> c.audience().stream()))
        .containsExactlyInAnyOrderElementsOf(
            first.conv().equals(AB.value()) ? AB.members() : AC.members());
    assertThat(committed).allSatisfy(c -> assertThat(c.originDevice()).isEqualTo("aaaa-dev"));
  }

  @Test
  void appendIsIdempotentConcurrentlyLaterAndAfterReopen() throws Exception {
    UUID id = UUID.randomUUID();
    List<CompletableFuture<AppendResult>> concurrent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      concurrent.add(log.append(message(AB, "aaaa", id)));
    }
    AppendResult first = get(concurrent.get(0));
    assertThat(first.duplicate()).isFalse();
    for (CompletableFuture<AppendResult> f : concurrent.subList(1, 20)) {
      AppendResult r = get(f);
      assertThat(r.seq()).isEqualTo(first.seq());
      assertThat(r.ts()).isEqualTo(first.ts());
      assertThat(r.duplicate()).isTrue();
    }
    assertThat(get(log.append(message(AB, "aaaa", id))).seq()).isEqualTo(first.seq());
    // The same key from the other member is a different message.
    assertThat(get(log.append(message(AB, "bbbb", id))).seq()).isEqualTo(first.seq() + 1);
    log = reopen();
    log.setListener(committed::addAll);
    AppendResult afterReopen = get(log.append(message(AB, "aaaa", id)));
    assertThat(afterReopen).isEqualTo(new AppendResult(first.seq(), first.ts(), true));
    assertThat(get(log.append(message(AB, "aaaa", UUID.randomUUID()))).seq())
        .isEqualTo(first.seq() + 2);
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> events().size() == 3);
    retriesThatSayWhichSeqAnEarlierCopyWouldBeAboveAreStoredOnce();
  }

  /**
   * Part of the idempotency test (a log's fixture is slow to open): retries that say which seq an
   * earlier copy would be above ({@link NewMessage#after}) are stored once too, whether the log
   * answers them from memory or from storage.
   */
  private void retriesThatSayWhichSeqAnEarlierCopyWouldBeAboveAreStoredOnce() throws Exception {
    long start = get(log.append(message(AB, "aaaa", UUID.randomUUID()))).seq();
    UUID early = UUID.randomUUID();
    AppendResult earlyFirst = get(log.append(after(message(AB, "aaaa", early), start)));
    // More messages than a log need keep in memory: the early retry below must be looked up.
    List<CompletableFuture<AppendResult>> between = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      between.add(log.append(after(message(AB, "bbbb", UUID.randomUUID()), earlyFirst.seq())));
    }
    long last = earlyFirst.seq();
    for (CompletableFuture<AppendResult> f : between) {
      AppendResult r = get(f);
      assertThat(r.duplicate()).isFalse();
      last = Math.max(last, r.seq());
    }
    assertThat(last).isEqualTo(earlyFirst.seq() + 100);
    assertThat(get(log.append(after(message(AB, "aaaa", early), start))))
        .isEqualTo(new AppendResult(earlyFirst.seq(), earlyFirst.ts(), true));

    UUID recent = UUID.randomUUID();
    AppendResult recentFirst = get(log.append(after(message(AB, "aaaa", recent), last)));
    assertThat(recentFirst.seq()).isEqualTo(last + 1);
    assertThat(get(log.append(after(message(AB, "aaaa", recent), last))))
        .isEqualTo(new AppendResult(recentFirst.seq(), recentFirst.ts(), true));
    // A claim no honest client can make (above the conversation's last seq) stores nothing twice.
    assertThat(get(log.append(after(message(AB, "aaaa", early), 1_000_000))))
        .isEqualTo(new AppendResult(earlyFirst.seq(), earlyFirst.ts(), true));
    log = reopen();
    log.setListener(committed::addAll);
    assertThat(get(log.append(after(message(AB, "aaaa", recent), last))))
        .isEqualTo(new AppendResult(recentFirst.seq(), recentFirst.ts(), true));
  }

  private static NewMessage after(NewMessage m, long after) {
    return new NewMessage(m.conv(), m.sender(), m.senderDevice(), m.id(), m.body(), after);
  }

  @Test
  void receiptsOnlyMoveForwardAndReadImpliesDelivered() throws Exception {
    for (int i = 0; i < 5; i++) {
      get(log.append(message(AB, "aaaa", UUID.randomUUID())));
    }
    get(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 3, 0)));
    get(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 2, 0)));
    get(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 0, 4)));
    get(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 0, 1)));
    get(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 0, 99)));
    ReceiptMoved last = new ReceiptMoved(AB.value(), "bbbb", 5, 5);
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> events().contains(last));
    List<ReceiptMoved> receipts =
        events().stream()
            .filter(ReceiptMoved.class::isInstance)
            .map(ReceiptMoved.class::cast)
            .toList();
    // Each moving report has its event, or reports close together share one with the newest
    // positions (a log may merge them); never a step back, and the last one is the final position.
    List<ReceiptMoved> moves =
        List.of(
            new ReceiptMoved(AB.value(), "bbbb", 3, 0),
            new ReceiptMoved(AB.value(), "bbbb", 4, 4),
            last);
    assertThat(moves).containsSubsequence(receipts);
    assertThat(receipts).last().isEqualTo(last);
  }

  @Test
  void aConversationWithAnUnknownMemberIsRefusedAndStoresNothing() throws Exception {
    ConversationId ghost = ConversationId.direct("aaaa", "zzzz");
    CompletableFuture<AppendResult> refused = log.append(message(ghost, "aaaa", UUID.randomUUID()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(refused))
        .hasCauseInstanceOf(UnknownMemberException.class);
    get(log.append(message(AB, "aaaa", UUID.randomUUID())));
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> events().size() == 1);
    assertThat(events().get(0).conv()).isEqualTo(AB.value());
  }

  @Test
  void receiptsInAConversationWithoutMessagesChangeNothing() throws Exception {
    get(log.advance(new ReceiptUpdate(AC, "cccc", "c-dev", 10, 10)));
    get(log.append(message(AC, "aaaa", UUID.randomUUID())));
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> events().size() == 1);
    assertThat(events().get(0)).isInstanceOf(StoredMessage.class);
  }
}
