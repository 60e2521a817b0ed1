package dev.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.log.Committed;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data written when receipt positions lived inside the v2 conversation record still loads, and
 * moves out.
 */
class LegacyConversationRecordTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");

  @TempDir Path dir;
  private RocksStore store;
  private final List<Committed> committed = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void positionsInsideAVersionTwoRecordSurviveTheNextAppendAndARestart() throws Exception {
    open();
    TestUsers.register(store, List.of("aaaa", "bbbb"));
    store
        .db()
        .put(
            store.conversations,
            Bytes.utf8(AB.value()),
            versionTwoRecord(3, new ReceiptPosition(3, 2)));
    assertThat(store.historyStore().conversation(AB).orElseThrow().position("bbbb"))
        .isEqualTo(new ReceiptPosition(3, 2));

    long seq =
        store
            .log()
            .append(new NewMessage(AB, "aaaa", "a-dev", UUID.randomUUID(), "hi"))
            .get(10, TimeUnit.SECONDS)
            .seq();
    assertThat(seq).isEqualTo(4);
    assertThat(store.db().get(store.conversations, Bytes.utf8(AB.value()))[0])
        .isEqualTo(Records.V3);

    store.close();
    open();
    ConversationState state = store.historyStore().conversation(AB).orElseThrow();
    assertThat(state.lastSeq()).isEqualTo(4);
    assertThat(state.position("bbbb")).isEqualTo(new ReceiptPosition(3, 2));
    assertThat(state.position("aaaa")).isEqualTo(ReceiptPosition.NONE);

    // Moves nothing: no event. Then a real advance from the migrated position.
    store.log().advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 3, 1)).get(10, TimeUnit.SECONDS);
    store.log().advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 0, 4)).get(10, TimeUnit.SECONDS);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !committed.isEmpty());
    assertThat(committed)
        .extracting(Committed::event)
        .containsExactly(new ReceiptMoved(AB.value(), "bbbb", 4, 4));
  }

  @Test
  void aReceiptOnAVersionTwoRecordKeepsTheOtherMembersPositions() throws Exception {
    open();
    TestUsers.register(store, List.of("aaaa", "bbbb"));
    store
        .db()
        .put(
            store.conversations,
            Bytes.utf8(AB.value()),
            versionTwoRecord(3, new ReceiptPosition(3, 2)));
    store.log().advance(new ReceiptUpdate(AB, "aaaa", "a-dev", 3, 3)).get(10, TimeUnit.SECONDS);
    store
        .log()
        .append(new NewMessage(AB, "aaaa", "a-dev", UUID.randomUUID(), "hi"))
        .get(10, TimeUnit.SECONDS);
    store.close();
    open();
    ConversationState state = store.historyStore().conversation(AB).orElseThrow();
    assertThat(state.position("aaaa")).isEqualTo(new ReceiptPosition(3, 3));
    assertThat(state.position("bbbb")).isEqualTo(new ReceiptPosition(3, 2));
  }

  private void open() {
    store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC());
    committed.clear();
    store.log().setListener(committed::addAll);
  }

  /** The v2 layout: version, lastSeq, lastTs, lastActivity, then [member, delivered, read]*. */
  private static byte[] versionTwoRecord(long lastSeq, ReceiptPosition bbbb) {
    return Bytes.write(
        out -> {
          out.writeByte(2);
          out.writeLong(lastSeq);
          out.writeLong(1_000);
          out.writeLong(1_000_000);
          out.writeInt(2);
          out.writeUTF("aaaa");
          out.writeLong(0);
          out.writeLong(0);
          out.writeUTF("bbbb");
          out.writeLong(bbbb.delivered());
          out.writeLong(bbbb.read());
        });
  }
}
