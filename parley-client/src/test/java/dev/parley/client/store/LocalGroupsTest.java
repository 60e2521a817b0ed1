package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Conversation;
import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.MembershipChange;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGroupsTest {
  private static final Identity ME = new Identity("me", "ann", "dev1");
  private static final String G = "g.aaaa";

  @TempDir Path dir;
  private LocalStore store;
  private LocalGroups groups;

  @BeforeEach
  void open() {
    store = LocalStore.open(dir.resolve("client.db"));
    store.setIdentity(ME);
    groups = store.groups();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Message change(
      long seq, String action, String actor, List<String> users, String title) {
    return new Message(
        G,
        seq,
        "s" + seq,
        actor,
        "d",
        seq,
        "",
        new MembershipChange(
            G, seq, seq, MembershipChange.Action.of(action), actor, users, title, null));
  }

  @Test
  void changesAreAppliedOnceInFeedOrder() {
    assertThat(groups.apply(change(1, "created", "me", List.of("bob"), "Trip"), "me")).isTrue();
    assertThat(groups.apply(change(2, "added", "me", List.of("carol", "dave"), null), "me"))
        .isTrue();
    // Redelivered after a reconnect: nothing happens twice.
    assertThat(groups.apply(change(2, "added", "me", List.of("carol", "dave"), null), "me"))
        .isFalse();
    assertThat(groups.apply(change(3, "removed", "me", List.of("bob"), null), "me")).isTrue();
    assertThat(groups.apply(change(4, "renamed", "me", List.of(), "Trip!"), "me")).isTrue();

    assertThat(groups.group(G))
        .get()
        .satisfies(
            g -> {
              assertThat(g.title()).isEqualTo("Trip!");
              assertThat(g.size()).isEqualTo(3);
              assertThat(g.member()).isTrue();
            });
    assertThat(groups.members(G))
        .extracting(GroupMember::userId)
        .containsExactly("carol", "dave", "me");
  }

  @Test
  void aStaleMemberPageDoesNotBringBackSomeoneTheFeedRemoved() {
    groups.apply(change(1, "created", "ann", List.of("me", "bob"), "Club"), "me");
    groups.apply(change(5, "removed", "ann", List.of("bob"), null), "me");
    // A page read before the removal, answered after it.
    groups.putInfo(
        new GroupInfoPage(
            G,
            "Club",
            3,
            List.of(
                new GroupMember("ann", "ann", true, 1),
                new GroupMember("bob", "bob", false, 1),
                new GroupMember("me", "alice", false, 1)),
            null));
    assertThat(groups.members(G)).extracting(GroupMember::userId).containsExactly("ann", "me");

    // Bob added again later is a member again.
    groups.apply(change(7, "added", "ann", List.of("bob"), null), "me");
    assertThat(groups.members(G))
        .extracting(GroupMember::userId, GroupMember::handle, GroupMember::since)
        .contains(org.assertj.core.groups.Tuple.tuple("bob", "bob", 7L));
  }

  @Test
  void beingRemovedEndsMembershipAndAListRowDoesNotUndoIt() {
    groups.apply(change(1, "created", "ann", List.of("me"), "Club"), "me");
    groups.apply(change(2, "removed", "ann", List.of("me"), null), "me");
    groups.putSummary(G, new Conversation.GroupSummary("Club", 1, true));

    assertThat(groups.isMember(G)).isFalse();
    assertThat(groups.group(G)).get().extracting(g -> g.member()).isEqualTo(false);
    assertThat(groups.isMember("g.never-seen")).isTrue();
  }

  @Test
  void groupWidePositionsTickThisUsersGroupMessages() {
    store.insertMessage(new Message(G, 2, "m2", "me", "dev1", 2, "hi"));
    store.insertMessage(new Message(G, 3, "m3", "me", "dev1", 3, "there"));
    groups.advancePositions(G, new Positions(3, 2));
    groups.advancePositions(G, new Positions(1, 1));

    assertThat(groups.positions(G)).isEqualTo(new Positions(3, 2));
    assertThat(store.statusOf(G, 2)).isEqualTo(MessageStatus.READ);
    assertThat(store.statusOf(G, 3)).isEqualTo(MessageStatus.DELIVERED);
    assertThat(store.statusOf(G, 4)).isEqualTo(MessageStatus.SENT);
  }
}
