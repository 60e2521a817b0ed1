package dev.parley.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.ReceiptPositions;
import dev.parley.client.StatusChange;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedApplierTest {
  private static final Identity ME = new Identity("me", "alice", "dev1");

  @TempDir Path dir;
  private LocalStore store;
  private FeedApplier applier;

  @BeforeEach
  void open() {
    store = LocalStore.open(dir.resolve("client.db"));
    store.setIdentity(ME);
    applier = new FeedApplier(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static FeedEvent.Message fromBob(long seq) {
    return new FeedEvent.Message("c1", seq, "id" + seq, "bob", "bobphone", seq, "m" + seq);
  }

  @Test
  void redeliveredMessagesAreReportedOnceAndTheCursorIsStored() {
    FeedApplier.Outcome first =
        applier.apply(new ServerFrame.Feed(List.of(fromBob(1), fromBob(2)), "k2"), ME);
    FeedApplier.Outcome again =
        applier.apply(new ServerFrame.Feed(List.of(fromBob(2), fromBob(3)), "k3"), ME);

    assertThat(first.newMessages()).extracting(Message::seq).containsExactly(1L, 2L);
    assertThat(again.newMessages()).extracting(Message::seq).containsExactly(3L);
    assertThat(again.toAcknowledge()).containsEntry("c1", 3L);
    assertThat(store.cursor()).contains("k3");
  }

  @Test
  void ownDeviceMessagesConfirmTheOutboxInsteadOfBeingReported() {
    OutboxEntry mine = store.outbox().add("c1", "hello");
    FeedEvent.Message echo = new FeedEvent.Message("c1", 5, mine.id(), "me", "dev1", 9, "hello");
    FeedEvent.Message otherDevice =
        new FeedEvent.Message("c1", 6, "x", "me", "laptop", 10, "from laptop");

    FeedApplier.Outcome outcome =
        applier.apply(new ServerFrame.Feed(List.of(echo, otherDevice), "k"), ME);

    assertThat(outcome.ownDeviceMessages()).containsExactly(WireModel.message(echo));
    assertThat(outcome.newMessages()).containsExactly(WireModel.message(otherDevice));
    assertThat(outcome.toAcknowledge()).isEmpty();
  }

  @Test
  void peerReceiptsTickThisUsersMessages() {
    store.insertMessage(new Message("c1", 1, "a", "me", "dev1", 1, "one"));
    store.insertMessage(WireModel.message(fromBob(2)));
    store.insertMessage(new Message("c1", 3, "b", "me", "dev1", 3, "three"));

    FeedApplier.Outcome delivered =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.Receipt("c1", "bob", 3, 0)), "k1"), ME);
    FeedApplier.Outcome read =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.Receipt("c1", "bob", 3, 1)), "k2"), ME);
    FeedApplier.Outcome stale =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.Receipt("c1", "bob", 2, 1)), "k3"), ME);

    assertThat(delivered.statusChanges())
        .containsExactly(
            new StatusChange("a", "c1", 1, MessageStatus.DELIVERED, null),
            new StatusChange("b", "c1", 3, MessageStatus.DELIVERED, null));
    assertThat(read.statusChanges())
        .containsExactly(new StatusChange("a", "c1", 1, MessageStatus.READ, null));
    assertThat(stale.statusChanges()).isEmpty();
    assertThat(stale.positions()).isEmpty();
  }

  private static Message sdk(FeedEvent.Message wire) {
    return WireModel.message(wire);
  }

  private static FeedEvent.Message system(
      long seq, String actor, String device, String action, List<String> users) {
    return new FeedEvent.Message(
        "g1",
        seq,
        "s" + seq,
        actor,
        device,
        seq,
        "",
        new FeedEvent.Membership(
            action, actor, users, "created".equals(action) ? "Trip" : null, null));
  }

  @Test
  void systemMessagesAreReportedInFeedOrderOnceEvenWhenThisDeviceMadeThem() {
    FeedEvent.Message created = system(1, "me", "dev1", "created", List.of("bob"));
    FeedEvent.Message hello = new FeedEvent.Message("g1", 2, "h", "bob", "bobphone", 2, "hello");
    FeedEvent.Message added = system(3, "bob", "bobphone", "added", List.of("carol"));

    FeedApplier.Outcome first =
        applier.apply(new ServerFrame.Feed(List.of(created, hello, added), "k1"), ME);
    FeedApplier.Outcome again =
        applier.apply(new ServerFrame.Feed(List.of(created, hello, added), "k1"), ME);

    assertThat(first.newMessages()).containsExactly(sdk(created), sdk(hello), sdk(added));
    assertThat(first.ownDeviceMessages()).isEmpty();
    assertThat(first.toAcknowledge()).containsEntry("g1", 3L);
    assertThat(again.newMessages()).isEmpty();
    assertThat(store.recentMessages("g1", 10))
        .containsExactly(sdk(created), sdk(hello), sdk(added));
    assertThat(store.groups().group("g1")).get().extracting(g -> g.size()).isEqualTo(3);
  }

  @Test
  void aGroupThisUserWasRemovedFromIsNotAcknowledged() {
    FeedApplier.Outcome outcome =
        applier.apply(
            new ServerFrame.Feed(
                List.of(
                    system(1, "bob", "bobphone", "created", List.of("me")),
                    new FeedEvent.Message("g1", 2, "h", "bob", "bobphone", 2, "bye"),
                    system(3, "bob", "bobphone", "removed", List.of("me"))),
                "k"),
            ME);

    assertThat(outcome.toAcknowledge()).isEmpty();
    assertThat(store.groups().isMember("g1")).isFalse();
  }

  @Test
  void groupReceiptsTickThisUsersGroupMessagesButNotItsSystemMessages() {
    applier.apply(
        new ServerFrame.Feed(List.of(system(1, "me", "dev1", "created", List.of("bob"))), "k0"),
        ME);
    store.insertMessage(new Message("g1", 2, "a", "me", "dev1", 2, "one"));
    store.insertMessage(new Message("g1", 3, "b", "me", "dev1", 3, "two"));

    FeedApplier.Outcome delivered =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.GroupReceipt("g1", 3, 2)), "k1"), ME);
    FeedApplier.Outcome stale =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.GroupReceipt("g1", 2, 1)), "k2"), ME);

    assertThat(delivered.statusChanges())
        .containsExactly(
            new StatusChange("a", "g1", 2, MessageStatus.READ, null),
            new StatusChange("b", "g1", 3, MessageStatus.DELIVERED, null));
    assertThat(delivered.groupReceipts())
        .containsExactly(new dev.parley.client.group.GroupReceipt("g1", 3, 2));
    assertThat(stale.statusChanges()).isEmpty();
    assertThat(stale.groupReceipts()).isEmpty();
  }

  @Test
  void ownReceiptsMoveTheReadPosition() {
    store.insertMessage(WireModel.message(fromBob(1)));
    store.insertMessage(WireModel.message(fromBob(2)));
    FeedApplier.Outcome outcome =
        applier.apply(
            new ServerFrame.Feed(List.of(new FeedEvent.Receipt("c1", "me", 2, 1)), "k"), ME);

    assertThat(outcome.positions()).containsExactly(new ReceiptPositions("c1", "me", 2, 1, true));
    assertThat(store.unreadCount("c1", "me")).isEqualTo(1);
  }
}
