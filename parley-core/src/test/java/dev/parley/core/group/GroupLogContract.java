package dev.parley.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.messaging.HistoryStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups over the seams, sentence by sentence of {@link ConversationLog}'s "Groups" clause and
 * {@link GroupStore}'s contract: membership judged by the single writer at the seq a change takes,
 * history rules in the feed and the history, idempotent creation and sends (also after the log is
 * reopened), non-members refused, receipts per member and group-wide. Every implementation runs it
 * on its real log and stores; reads may lag the writer, so they are awaited.
 */
public abstract class GroupLogContract {
  /** Users that exist in the store of every fixture. */
  protected static final List<String> USERS = List.of("aaaa", "bbbb", "cccc", "dddd");

  private static final Duration WAIT = Duration.ofSeconds(30);

  protected ConversationLog log;

  /** Opens the log under test on fresh data, with {@link #USERS} registered. */
  protected abstract ConversationLog open();

  /** Closes the log and opens it again on the same data. */
  protected abstract ConversationLog reopen();

  protected abstract GroupStore groups();

  protected abstract FeedStore feed();

  protected abstract HistoryStore history();

  @BeforeEach
  void openLog() {
    log = open();
    log.setListener(batch -> {});
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private ConversationId create(String creator, UUID key, String title, String... members)
      throws Exception {
    ConversationId conv = ConversationId.group(creator, key);
    GroupChangeResult r =
        get(
            log.changeGroup(
                new GroupCommand.Create(conv, creator, creator + "-dev", title, List.of(members))));
    assertThat(r.seq()).isEqualTo(1);
    return conv;
  }

  private long send(ConversationId conv, String sender, String body) throws Exception {
    return get(log.append(new NewMessage(conv, sender, sender + "-dev", UUID.randomUUID(), body)))
        .seq();
  }

  private static GroupException.Reason refusal(CompletableFuture<?> f) {
    Throwable[] cause = new Throwable[1];
    assertThatThrownBy(() -> get(f))
        .satisfies(e -> cause[0] = e.getCause())
        .hasCauseInstanceOf(GroupException.class);
    return ((GroupException) cause[0]).reason();
  }

  /** The seqs of {@code conv}'s messages in the user's feed, read page by page from the start. */
  private List<Long> feedSeqs(String user, ConversationId conv) {
    List<Long> seqs = new java.util.ArrayList<>();
    long after = 0;
    List<FeedEntry> page;
    do {
      page = feed().read(user, after, 7);
      for (FeedEntry e : page) {
        if (e.event() instanceof StoredMessage m && m.conv().equals(conv.value())) {
          seqs.add(m.seq());
        }
        after = e.pos();
      }
    } while (!page.isEmpty());
    return seqs;
  }

  @Test
  void membershipIsSequencedJudgedByTheRosterAndBoundsWhatEachMemberSees() throws Exception {
    ConversationId g = create("aaaa", UUID.randomUUID(), "Trip", "bbbb", "cccc");
    assertThat(
            refusal(log.changeGroup(new GroupCommand.Add(g, "bbbb", "bbbb-dev", List.of("dddd")))))
        .isEqualTo(GroupException.Reason.FORBIDDEN);
    assertThat(
            get(log.changeGroup(new GroupCommand.Add(g, "aaaa", "aaaa-dev", List.of("dddd"))))
                .seq())
        .isEqualTo(2);
    assertThat(send(g, "bbbb", "hello")).isEqualTo(3);
    assertThat(get(log.changeGroup(new GroupCommand.Remove(g, "aaaa", "aaaa-dev", "cccc"))).seq())
        .isEqualTo(4);
    assertThat(
            refusal(
                log.append(
                    new NewMessage(g, "cccc", "cccc-dev", UUID.randomUUID(), "still here?"))))
        .isEqualTo(GroupException.Reason.FORBIDDEN);
    assertThat(refusal(log.changeGroup(new GroupCommand.Remove(g, "aaaa", "aaaa-dev", "cccc"))))
        .isEqualTo(GroupException.Reason.INVALID_MEMBERS);
    assertThat(send(g, "dddd", "after the removal")).isEqualTo(5);

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(feedSeqs("aaaa", g)).containsExactly(1L, 2L, 3L, 4L, 5L);
              assertThat(feedSeqs("cccc", g)).containsExactly(1L, 2L, 3L, 4L);
              assertThat(feedSeqs("dddd", g)).containsExactly(2L, 3L, 4L, 5L);
            });
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(groups().header(g))
                  .hasValueSatisfying(
                      h -> {
                        assertThat(h.title()).isEqualTo("Trip");
                        assertThat(h.size()).isEqualTo(3);
                      });
              assertThat(groups().members(g, null, 10))
                  .extracting(GroupMember::user)
                  .containsExactly("aaaa", "bbbb", "dddd");
              assertThat(groups().member(g, "cccc"))
                  .hasValueSatisfying(
                      m -> {
                        assertThat(m.current()).isFalse();
                        assertThat(m.canSee(4)).isTrue();
                        assertThat(m.canSee(5)).isFalse();
                      });
              assertThat(groups().member(g, "aaaa").orElseThrow().admin()).isTrue();
              assertThat(groups().groupsOf("cccc")).contains(g);
            });
    List<StoredMessage> stored = history().messagesBefore(g, Long.MAX_VALUE, 10);
    assertThat(stored).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(stored.get(0).change().action()).isEqualTo(MembershipChange.Action.CREATED);
    assertThat(stored.get(0).change().users()).containsExactly("bbbb", "cccc");
    assertThat(stored.get(0).change().title()).isEqualTo("Trip");
    assertThat(stored.get(3).change().action()).isEqualTo(MembershipChange.Action.REMOVED);
    assertThat(stored.get(2).change()).isNull();
    assertThat(stored.get(2).body()).isEqualTo("hello");
    assertThat(history().recent("cccc", null, 10).conversations()).contains(g);
    assertThat(history().recent("dddd", null, 10).conversations()).containsExactly(g);
  }

  @Test
  void creationAndSendsAreIdempotentAlsoAfterReopen() throws Exception {
    UUID key = UUID.randomUUID();
    ConversationId g = create("aaaa", key, "Book club", "bbbb");
    GroupChangeResult first = get(log.changeGroup(createCommand(g)));
    assertThat(first.duplicate()).isTrue();
    assertThat(first.seq()).isEqualTo(1);
    UUID id = UUID.randomUUID();
    AppendResult sent = get(log.append(new NewMessage(g, "bbbb", "bbbb-dev", id, "once")));
    assertThat(get(log.append(new NewMessage(g, "bbbb", "bbbb-dev", id, "once"))))
        .isEqualTo(new AppendResult(sent.seq(), sent.ts(), true));

    log = reopen();
    log.setListener(batch -> {});
    assertThat(get(log.changeGroup(createCommand(g))))
        .isEqualTo(new GroupChangeResult(1, first.ts(), true));
    assertThat(get(log.append(new NewMessage(g, "bbbb", "bbbb-dev", id, "once"))))
        .isEqualTo(new AppendResult(sent.seq(), sent.ts(), true));
    assertThat(send(g, "aaaa", "next")).isEqualTo(sent.seq() + 1);
    // Someone else cannot take over the group by "creating" it.
    assertThat(
            refusal(
                log.changeGroup(new GroupCommand.Create(g, "bbbb", "bbbb-dev", "Mine", List.of()))))
        .isEqualTo(GroupException.Reason.FORBIDDEN);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(feedSeqs("bbbb", g)).containsExactly(1L, 2L, 3L));
  }

  private static GroupCommand.Create createCommand(ConversationId g) {
    return new GroupCommand.Create(g, "aaaa", "aaaa-dev", "Book club", List.of("bbbb"));
  }

  @Test
  void nonMembersAreRefusedAndAGroupThatDoesNotExistLooksTheSame() throws Exception {
    ConversationId g = create("aaaa", UUID.randomUUID(), "Private", "bbbb");
    ConversationId ghost = ConversationId.group("aaaa", UUID.randomUUID());
    for (ConversationId conv : List.of(g, ghost)) {
      assertThat(
              refusal(
                  log.append(new NewMessage(conv, "dddd", "dddd-dev", UUID.randomUUID(), "hi"))))
          .isEqualTo(GroupException.Reason.FORBIDDEN);
      assertThat(refusal(log.changeGroup(new GroupCommand.Leave(conv, "dddd", "dddd-dev"))))
          .isEqualTo(GroupException.Reason.FORBIDDEN);
      assertThat(
              refusal(log.changeGroup(new GroupCommand.Rename(conv, "dddd", "dddd-dev", "Taken"))))
          .isEqualTo(GroupException.Reason.FORBIDDEN);
    }
    // A receipt from a non-member is refused like their messages, and changes nothing.
    for (ConversationId conv : List.of(g, ghost)) {
      assertThat(refusal(log.advance(new ReceiptUpdate(conv, "dddd", "dddd-dev", 1, 1))))
          .isEqualTo(GroupException.Reason.FORBIDDEN);
    }
    send(g, "bbbb", "members only");
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(feedSeqs("bbbb", g)).containsExactly(1L, 2L));
    assertThat(feedSeqs("dddd", g)).isEmpty();
    assertThat(groups().member(g, "dddd")).isEmpty();
    assertThat(groups().member(ghost, "aaaa")).isEmpty();
    assertThat(groups().header(ghost)).isEmpty();
  }

  @Test
  void receiptsMoveEachMembersPositionAndTellSendersTheGroupWideTicks() throws Exception {
    ConversationId g = create("aaaa", UUID.randomUUID(), "Ticks", "bbbb", "cccc");
    send(g, "aaaa", "one");
    long last = send(g, "aaaa", "two");
    get(log.advance(new ReceiptUpdate(g, "bbbb", "bbbb-dev", 0, last)));
    get(log.advance(new ReceiptUpdate(g, "cccc", "cccc-dev", last, 0)));
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(groups().position(g, "bbbb")).isEqualTo(new ReceiptPosition(last, last));
              assertThat(groups().position(g, "cccc").delivered()).isEqualTo(last);
              assertThat(lastGroupReceipt("aaaa", g)).isEqualTo(new GroupTicks(g.value(), last, 1));
            });
    get(log.advance(new ReceiptUpdate(g, "cccc", "cccc-dev", 0, last)));
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(lastGroupReceipt("aaaa", g))
                  .isEqualTo(new GroupTicks(g.value(), last, last));
              assertThat(groups().header(g).orElseThrow().allRead()).isEqualTo(last);
            });
    // A member's own receipt goes to their own feed only; nobody but senders gets group ticks.
    assertThat(events("bbbb", g))
        .contains(new ReceiptMoved(g.value(), "bbbb", last, last))
        .noneMatch(e -> e instanceof GroupTicks)
        .noneMatch(e -> e instanceof ReceiptMoved r && r.user().equals("cccc"));
    assertThat(events("aaaa", g)).noneMatch(e -> e instanceof ReceiptMoved);
  }

  private List<ConversationEvent> events(String user, ConversationId conv) {
    return feed().read(user, 0, 1000).stream()
        .map(FeedEntry::event)
        .filter(e -> e.conv().equals(conv.value()))
        .toList();
  }

  private GroupTicks lastGroupReceipt(String user, ConversationId conv) {
    List<ConversationEvent> events = events(user, conv);
    GroupTicks last = null;
    for (ConversationEvent e : events) {
      if (e instanceof GroupTicks r) {
        last = r;
      }
    }
    return last;
  }
}
