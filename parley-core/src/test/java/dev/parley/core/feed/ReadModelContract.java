package dev.parley.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.messaging.HistoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contracts of the read seams, {@link FeedStore} and {@link HistoryStore}, over what a {@link
 * ConversationLog} of the same implementation wrote.
 */
public abstract class ReadModelContract {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");
  private static final ConversationId AC = ConversationId.direct("aaaa", "cccc");

  protected abstract ConversationLog log();

  protected abstract FeedStore feed();

  protected abstract HistoryStore history();

  private long send(ConversationId conv, String sender, String body) throws Exception {
    return log()
        .append(new NewMessage(conv, sender, sender + "-dev", UUID.randomUUID(), body))
        .get(20, TimeUnit.SECONDS)
        .seq();
  }

  @Test
  void feedsHoldEachMembersEventsOnceInPositionOrderAndPageByPosition() throws Exception {
    for (int i = 0; i < 120; i++) {
      send(i % 2 == 0 ? AB : AC, "aaaa", "m" + i);
    }
    log().advance(new ReceiptUpdate(AB, "bbbb", "bbbb-dev", 60, 30)).get(20, TimeUnit.SECONDS);
    // A partitioned log writes feeds after it acknowledges; they must become readable, whole and in
    // order.
    org.awaitility.Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () ->
                feed().read("aaaa", 0, 1000).size() == 121
                    && feed().read("bbbb", 0, 1000).size() == 61);
    List<FeedEntry> all = new ArrayList<>();
    long after = 0;
    List<FeedEntry> page;
    do {
      page = feed().read("aaaa", after, 25);
      assertThat(page.size()).isLessThanOrEqualTo(25);
      all.addAll(page);
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).pos();
      }
    } while (!page.isEmpty());
    assertThat(all).hasSize(121);
    assertThat(all).extracting(FeedEntry::pos).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(all.size() - 1).pos()).isLessThanOrEqualTo(feed().head("aaaa"));
    assertThat(all.get(all.size() - 1).event())
        .isEqualTo(new ReceiptMoved(AB.value(), "bbbb", 60, 30));
    assertThat(all.get(0).event())
        .isInstanceOfSatisfying(
            StoredMessage.class,
            m -> {
              assertThat(m.body()).isEqualTo("m0");
              assertThat(m.from()).isEqualTo("aaaa");
              assertThat(m.device()).isEqualTo("aaaa-dev");
            });
    assertThat(feed().read("bbbb", 0, 1000)).hasSize(61);
    assertThat(feed().read("cccc", 0, 1000)).hasSize(60);
    assertThat(feed().read("nobody", 0, 1000)).isEmpty();
    assertThat(feed().read("aaaa", feed().head("aaaa"), 10)).isEmpty();
    assertThat(feed().epoch()).isNotBlank();
  }

  @Test
  void historyPagesBackwardsAndCountsUnreadFromOthers() throws Exception {
    for (int i = 1; i <= 30; i++) {
      send(AB, i % 3 == 0 ? "bbbb" : "aaaa", "m" + i);
    }
    List<StoredMessage> newest = history().messagesBefore(AB, Long.MAX_VALUE, 10);
    assertThat(newest)
        .extracting(StoredMessage::seq)
        .containsExactly(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
    assertThat(history().messagesBefore(AB, 21, 10))
        .extracting(StoredMessage::seq)
        .startsWith(11L)
        .endsWith(20L);
    assertThat(history().messagesBefore(AB, 3, 10))
        .extracting(StoredMessage::seq)
        .containsExactly(1L, 2L);
    assertThat(history().messagesBefore(AB, 1, 10)).isEmpty();
    assertThat(history().messagesBefore(AC, Long.MAX_VALUE, 10)).isEmpty();
    assertThat(history().conversation(AB))
        .hasValueSatisfying(s -> assertThat(s.lastSeq()).isEqualTo(30));
    assertThat(history().conversation(AC)).isEmpty();
    assertThat(history().countFromOthersAfter(AB, "aaaa", 0, 999)).isEqualTo(10);
    assertThat(history().countFromOthersAfter(AB, "bbbb", 0, 999)).isEqualTo(20);
    assertThat(history().countFromOthersAfter(AB, "bbbb", 15, 999)).isEqualTo(10);
    assertThat(history().countFromOthersAfter(AB, "bbbb", 0, 5)).isEqualTo(5);
  }

  @Test
  void recentListsConversationsByLastActivityAndPagesOnce() throws Exception {
    ConversationId ad = ConversationId.direct("aaaa", "dddd");
    send(AB, "aaaa", "1");
    send(AC, "aaaa", "2");
    send(ad, "dddd", "3");
    send(AB, "bbbb", "4");
    HistoryStore.RecentPage first = history().recent("aaaa", null, 2);
    assertThat(first.conversations()).containsExactly(AB, ad);
    HistoryStore.RecentPage second = history().recent("aaaa", first.next(), 2);
    assertThat(second.conversations()).containsExactly(AC);
    assertThat(second.next()).isNull();
    assertThat(history().recent("dddd", null, 10).conversations()).containsExactly(ad);
    assertThat(history().recent("nobody", null, 10).conversations()).isEmpty();
  }
}
