package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutboxTest {
  private static final Identity ME = new Identity("me", "alice", "dev1");

  @TempDir Path dir;

  @Test
  void outboxKeepsCompositionOrderAndSurvivesReopening() {
    Path file = dir.resolve("client.db");
    try (LocalStore store = LocalStore.open(file)) {
      store.outbox().add("c1", "one");
      store.outbox().add("c2", "two");
      store.outbox().add("c1", "three");
    }
    try (LocalStore store = LocalStore.open(file)) {
      assertThat(store.outbox().pending())
          .extracting(OutboxEntry::body)
          .containsExactly("one", "two", "three");
      assertThat(store.outbox().pending()).extracting(OutboxEntry::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void markSentConfirmsOnceAndCopiesTheMessage() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      store.setIdentity(ME);
      OutboxEntry entry = store.outbox().add("c1", "hi");
      assertThat(store.status(entry.id())).contains(MessageStatus.PENDING);

      assertThat(store.outbox().markSent(entry.id(), 7, 1000, ME)).isTrue();
      assertThat(store.outbox().markSent(entry.id(), 7, 1000, ME)).isFalse();

      assertThat(store.outbox().pendingCount()).isZero();
      assertThat(store.status(entry.id())).contains(MessageStatus.SENT);
      assertThat(store.recentMessages("c1", 10))
          .containsExactly(new Message("c1", 7, entry.id(), "me", "dev1", 1000, "hi"));
    }
  }

  @Test
  void eachEntryKeepsTheHighestSeqOfItsConversationKnownWhenItWasComposed() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      store.setIdentity(ME);
      OutboxEntry first = store.outbox().add("c1", "first");
      assertThat(first.after()).isZero();
      store.outbox().markSent(first.id(), 41, 1000, ME);
      OutboxEntry second = store.outbox().add("c1", "second");
      OutboxEntry elsewhere = store.outbox().add("c2", "elsewhere");

      assertThat(second.after()).isEqualTo(41);
      assertThat(elsewhere.after()).isZero();
      // Kept for every retry, however far the conversation has moved since.
      store.outbox().markSent(store.outbox().add("c1", "third").id(), 50, 1001, ME);
      assertThat(store.outbox().entry(second.id()).orElseThrow().after()).isEqualTo(41);
    }
  }

  @Test
  void failedEntriesLeaveThePendingQueue() {
    try (LocalStore store = LocalStore.open(dir.resolve("a.db"))) {
      OutboxEntry entry = store.outbox().add("c1", "x".repeat(10));
      assertThat(store.outbox().markFailed(entry.id(), "body_too_long")).isTrue();
      assertThat(store.outbox().pending()).isEmpty();
      assertThat(store.status(entry.id())).contains(MessageStatus.FAILED);
    }
  }
}
