package dev.parley.cluster.cassandra;

import static dev.parley.cluster.cassandra.TestSequencer.freshConversation;
import static dev.parley.cluster.cassandra.TestSequencer.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.StoredMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SequencerTablesTest {
  private static TestKeyspace keyspace;
  private static SequencerTables tables;

  @BeforeAll
  static void createKeyspace() {
    keyspace = TestKeyspace.create();
    tables = new SequencerTables(keyspace.session(), keyspace.name());
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  @Test
  void aWrittenBatchLoadsBackWithItsStateOffsetAndIdempotencyKeys() throws Exception {
    ConversationId conv = freshConversation();
    String a = conv.members().get(0);
    String b = conv.members().get(1);
    StoredMessage first = message(conv, 1, a);
    StoredMessage second = message(conv, 2, b);
    ConversationState state =
        new ConversationState(conv, 2, 1_002, 77, Map.of(b, new ReceiptPosition(2, 1)));
    write(
        new MessageWrite(first, 41),
        new MessageWrite(second, 42),
        new ConversationWrite(state, 0, 42));

    StoredConversation stored = load(conv).orElseThrow();
    assertThat(stored.appliedOffset()).isEqualTo(42);
    assertThat(stored.state().lastSeq()).isEqualTo(2);
    assertThat(stored.state().lastTs()).isEqualTo(1_002);
    assertThat(stored.state().lastActivity()).isEqualTo(77);
    assertThat(stored.state().positions())
        .isEqualTo(Map.of(a, ReceiptPosition.NONE, b, new ReceiptPosition(2, 1)));
    assertThat(key(conv, b, UUID.fromString(second.id())))
        .contains(new StoredKey(2, second.ts(), 42));
    assertThat(key(conv, a, UUID.fromString(first.id())))
        .contains(new StoredKey(1, first.ts(), 41));
    // The key is the sender's: the same id from the other member is another message.
    assertThat(key(conv, b, UUID.fromString(first.id()))).isEmpty();
    assertThat(load(freshConversation())).isEmpty();
  }

  @Test
  void aStaleOwnerWritingAnOlderStateAfterTheNewerOneChangesNothing() throws Exception {
    ConversationId conv = freshConversation();
    ConversationState older = new ConversationState(conv, 1, 1_001, 500, Map.of());
    ConversationState newer = new ConversationState(conv, 2, 1_002, 600, Map.of());
    write(new ConversationWrite(newer, 500, 20));
    // The zombie's write of offset 10 arrives last: its state and its inbox move must both lose.
    write(new ConversationWrite(older, 0, 10));

    StoredConversation stored = load(conv).orElseThrow();
    assertThat(stored.appliedOffset()).isEqualTo(20);
    assertThat(stored.state().lastSeq()).isEqualTo(2);
    for (String member : conv.members()) {
      assertThat(inbox(member)).containsExactly(600L + ":" + conv.value());
    }
  }

  @Test
  void newActivityMovesTheConversationInBothInboxesAndAReceiptKeepsIt() throws Exception {
    ConversationId conv = freshConversation();
    ConversationId other = ConversationId.direct(conv.members().get(0), TestSequencer.userId());
    write(new ConversationWrite(new ConversationState(conv, 1, 1_001, 100, Map.of()), 0, 1));
    write(new ConversationWrite(new ConversationState(other, 1, 1_001, 200, Map.of()), 0, 2));
    String a = conv.members().get(0);
    assertThat(inbox(a)).containsExactly("200:" + other.value(), "100:" + conv.value());

    write(new ConversationWrite(new ConversationState(conv, 2, 1_002, 300, Map.of()), 100, 3));
    assertThat(inbox(a)).containsExactly("300:" + conv.value(), "200:" + other.value());
    assertThat(inbox(conv.members().get(1))).containsExactly("300:" + conv.value());

    ConversationState read =
        new ConversationState(conv, 2, 1_002, 300, Map.of(a, new ReceiptPosition(2, 2)));
    write(new ConversationWrite(read, 300, 4));
    assertThat(inbox(a)).containsExactly("300:" + conv.value(), "200:" + other.value());
    assertThat(load(conv).orElseThrow().state().position(a)).isEqualTo(new ReceiptPosition(2, 2));
  }

  @Test
  void theKeysOfARangeOfMessagesComeFromTheirRowsAcrossBuckets() throws Exception {
    ConversationId conv = freshConversation();
    String a = conv.members().get(0);
    String b = conv.members().get(1);
    long last = SequencerTables.BUCKET_SIZE + 1; // the range spans two partitions of messages
    StoredMessage before = message(conv, last - 3, a);
    StoredMessage inFirstBucket = message(conv, last - 2, a);
    StoredMessage lastOfFirstBucket = message(conv, last - 1, b);
    StoredMessage inSecondBucket = message(conv, last, a);
    write(
        new MessageWrite(before, 500),
        new MessageWrite(inFirstBucket, 501),
        new MessageWrite(lastOfFirstBucket, 503),
        new MessageWrite(inSecondBucket, 507));

    List<MessageKey> keys =
        tables.keysBetween(conv, last - 3, last).toCompletableFuture().get(30, TimeUnit.SECONDS);

    // Each is the message's idempotency key as its own row has it, offset included.
    assertThat(keys)
        .containsExactly(
            keyOf(inFirstBucket, 501), keyOf(lastOfFirstBucket, 503), keyOf(inSecondBucket, 507));
    for (MessageKey k : keys) {
      assertThat(key(conv, k.sender(), k.id())).contains(k.key());
    }
  }

  private static MessageKey keyOf(StoredMessage m, long offset) {
    return new MessageKey(
        m.from(), UUID.fromString(m.id()), new StoredKey(m.seq(), m.ts(), offset));
  }

  private static void write(SequencedWrite... writes) throws Exception {
    tables.write(List.of(writes)).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Optional<StoredConversation> load(ConversationId conv) throws Exception {
    return tables.loadConversation(conv).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Optional<StoredKey> key(ConversationId conv, String sender, UUID id)
      throws Exception {
    return tables.idempotency(conv, sender, id).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The user's inbox rows as "activity:conv", in table order (newest first). */
  private static List<String> inbox(String user) {
    return keyspace
        .session()
        .execute("SELECT activity, conv FROM " + keyspace.name() + ".inbox WHERE user_id = ?", user)
        .all()
        .stream()
        .map((Row r) -> r.getLong("activity") + ":" + r.getString("conv"))
        .toList();
  }
}
