package dev.parley.cluster.cassandra;

import static dev.parley.cluster.cassandra.TestSequencer.freshConversation;
import static dev.parley.cluster.cassandra.TestSequencer.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.messaging.HistoryStore.RecentPage;
import dev.parley.core.messaging.MessagingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraHistoryStoreTest {
  private static final int MESSAGES = 2_500;
  private static TestKeyspace keyspace;
  private static SequencerTables tables;
  private static CassandraHistoryStore history;
  private static ConversationId big;

  @BeforeAll
  static void writeALongConversation() throws Exception {
    keyspace = TestKeyspace.create();
    tables = new SequencerTables(keyspace.session(), keyspace.name());
    history = new CassandraHistoryStore(keyspace.session(), keyspace.name());
    big = freshConversation();
    TestSequencer sequencer = new TestSequencer(tables);
    // Batches of 250 over three buckets (1-999, 1000-1999, 2000-2500); every third message from the
    // second member.
    for (int batch = 0; batch < MESSAGES / 250; batch++) {
      List<String> senders = new ArrayList<>();
      for (int i = 1; i <= 250; i++) {
        senders.add(sender(batch * 250L + i));
      }
      sequencer.send(big, senders);
    }
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  private static String sender(long seq) {
    return big.members().get(seq % 3 == 0 ? 1 : 0);
  }

  @Test
  void pagingBackwardsAcrossBucketsVisitsEveryMessageOnce() {
    List<Long> visited = new ArrayList<>();
    long before = Long.MAX_VALUE;
    List<StoredMessage> page;
    int pages = 0;
    while (!(page = history.messagesBefore(big, before, 300)).isEmpty()) {
      pages++;
      assertThat(page).extracting(StoredMessage::seq).isSorted();
      assertThat(page.size()).isLessThanOrEqualTo(300);
      List<Long> seqs = new ArrayList<>(page.stream().map(StoredMessage::seq).toList());
      Collections.reverse(seqs);
      visited.addAll(seqs);
      before = page.get(0).seq();
    }
    assertThat(pages).isEqualTo(9);
    assertThat(visited)
        .containsExactlyElementsOf(
            LongStream.iterate(MESSAGES, s -> s >= 1, s -> s - 1).boxed().toList());
    assertThat(history.messagesBefore(big, 1_002, 4))
        .extracting(StoredMessage::seq)
        .containsExactly(998L, 999L, 1_000L, 1_001L);
    StoredMessage m = history.messagesBefore(big, 1_000, 1).get(0);
    assertThat(m.seq()).isEqualTo(999);
    assertThat(m.conv()).isEqualTo(big.value());
    assertThat(m.from()).isEqualTo(sender(999));
    assertThat(m.device()).isEqualTo(sender(999) + "-dev");
    assertThat(m.body()).isEqualTo("m999");
    assertThat(history.messagesBefore(big, 1, 10)).isEmpty();
  }

  @Test
  void unreadCountsOnlyOthersMessagesAfterThePositionUpToTheCap() {
    String first = big.members().get(0);
    String second = big.members().get(1);
    assertThat(history.countFromOthersAfter(big, first, 0, 10_000)).isEqualTo(MESSAGES / 3);
    assertThat(history.countFromOthersAfter(big, second, 990, 10_000))
        .isEqualTo((int) LongStream.rangeClosed(991, MESSAGES).filter(s -> s % 3 != 0).count());
    assertThat(history.countFromOthersAfter(big, second, 0, 99)).isEqualTo(99);
    assertThat(history.countFromOthersAfter(big, first, MESSAGES, 99)).isZero();
    assertThat(history.countFromOthersAfter(freshConversation(), first, 0, 99)).isZero();
  }

  @Test
  void emptyBucketsAreSkippedAndUncommittedMessagesHidden() throws Exception {
    ConversationId conv = freshConversation();
    String a = conv.members().get(0);
    List<SequencedWrite> writes = new ArrayList<>();
    for (long seq : new long[] {1, 2, 3, 3_500, 3_501}) {
      writes.add(new MessageWrite(message(conv, seq, a), 7));
    }
    writes.add(new ConversationWrite(new ConversationState(conv, 3_501, 4_501, 9, Map.of()), 0, 7));
    // A message row whose batch never committed its state: not part of the conversation yet.
    writes.add(new MessageWrite(message(conv, 3_502, a), 8));
    tables.write(writes).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(history.messagesBefore(conv, Long.MAX_VALUE, 10))
        .extracting(StoredMessage::seq)
        .containsExactly(1L, 2L, 3L, 3_500L, 3_501L);
    assertThat(history.messagesBefore(conv, 3_500, 2))
        .extracting(StoredMessage::seq)
        .containsExactly(2L, 3L);
    assertThat(history.countFromOthersAfter(conv, conv.members().get(1), 2, 99)).isEqualTo(3);
    assertThat(history.conversation(conv))
        .hasValueSatisfying(s -> assertThat(s.lastSeq()).isEqualTo(3_501));
    assertThat(history.conversation(freshConversation())).isEmpty();
  }

  @Test
  void recentPagesConversationsNewestFirstEachOnce() throws Exception {
    String user = TestSequencer.userId();
    TestSequencer sequencer = new TestSequencer(tables);
    List<ConversationId> convs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ConversationId conv = ConversationId.direct(user, TestSequencer.userId());
      convs.add(conv);
      sequencer.send(conv, List.of(user));
    }
    sequencer.send(convs.get(1), List.of(convs.get(1).peerOf(user)));

    List<ConversationId> listed = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      RecentPage page = history.recent(user, token, 2);
      listed.addAll(page.conversations());
      sizes.add(page.conversations().size());
      token = page.next();
    } while (token != null);
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(listed)
        .containsExactly(convs.get(1), convs.get(4), convs.get(3), convs.get(2), convs.get(0));
    assertThat(history.recent(user, null, 5).next()).isNull();
    assertThat(history.recent(convs.get(4).peerOf(user), null, 5).conversations())
        .containsExactly(convs.get(4));
    assertThat(history.recent(TestSequencer.userId(), null, 5).conversations()).isEmpty();
    assertThatThrownBy(() -> history.recent(user, "not a token", 2))
        .isInstanceOf(MessagingException.class);
  }
}
