package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.MessageStatus;
import dev.parley.protocol.FeedEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
  private static final Identity ME = new Identity("me", "alice", "dev1");

  @TempDir Path dir;

  @Test
  void outboxKeepsCompositionOrderAndSurvivesReopening() {
    Path file = dir.resolve("client.db");
    try (LocalStore store = LocalStore.open(file)) {
      store.addToOutbox("c1", "one");
      store.addToOutbox("c2", "two");
      store.addToOutbox("c1", "three");
    }
    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.pendingOutbox())
          .extracting(OutboxEntry::body)
          .containsExactly("one", "two", "three");
      assertThat(store.pendingOutbox()).extracting(OutboxEntry::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void markSentConfirmsOnceAndCopiesTheMessage() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      store.setIdentity(ME);
      OutboxEntry entry = store.addToOutbox("c1", "hi");
      assertThat(store.status(entry.id())).contains(MessageStatus.PENDING);

      assertThat(store.markSent(entry.id(), 7, 1000, ME)).isTrue();
      assertThat(store.markSent(entry.id(), 7, 1000, ME)).isFalse();

      assertThat(store.pendingCount()).isZero();
      assertThat(store.status(entry.id())).contains(MessageStatus.SENT);
      assertThat(store.recentMessages("c1", 10))
          .containsExactly(new FeedEvent.Message("c1", 7, entry.id(), "me", "dev1", 1000, "hi"));
    }
  }

  @Test
  void failedEntriesLeaveThePendingQueue() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      OutboxEntry entry = store.addToOutbox("c1", "x".repeat(10));
      assertThat(store.markFailed(entry.id(), "body_too_long")).isTrue();
      assertThat(store.pendingOutbox()).isEmpty();
      assertThat(store.status(entry.id())).contains(MessageStatus.FAILED);
    }
  }

  @Test
  void messagesAreKeyedByConversationAndSeq() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      FeedEvent.Message m = new FeedEvent.Message("c1", 1, "id1", "bob", "d", 1, "hi");
      assertThat(store.insertMessage(m)).isTrue();
      assertThat(store.insertMessage(m)).isFalse();
      assertThat(store.recentMessages("c1", 10)).hasSize(1);
    }
  }

  @Test
  void positionsOnlyMoveForwardAndDriveStatusAndUnread() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      store.setIdentity(ME);
      for (long seq = 1; seq <= 4; seq++) {
        store.insertMessage(
            new FeedEvent.Message("c1", seq, "b" + seq, "bob", "d", seq, "m" + seq));
      }
      store.advancePositions("c1", "me", new Positions(4, 2));
      store.advancePositions("c1", "me", new Positions(1, 1));
      assertThat(store.positions("c1", "me")).isEqualTo(new Positions(4, 2));
      assertThat(store.unreadCount("c1", "me")).isEqualTo(2);

      store.advancePositions("c1", "bob", new Positions(9, 5));
      assertThat(store.statusOf("c1", 5)).isEqualTo(MessageStatus.READ);
      assertThat(store.statusOf("c1", 8)).isEqualTo(MessageStatus.DELIVERED);
      assertThat(store.statusOf("c1", 10)).isEqualTo(MessageStatus.SENT);
    }
  }

  @Test
  void cursorAndIdentityPersist() {
    Path file = dir.resolve("a.db");
    try (LocalStore store = LocalStore.open(file)) {
      store.setIdentity(ME);
      store.setCursor("abc");
    }
    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.cursor()).contains("abc");
      assertThat(store.identity()).contains(ME);
    }
  }
}
