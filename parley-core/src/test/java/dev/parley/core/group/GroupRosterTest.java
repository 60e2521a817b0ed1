package dev.parley.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.group.GroupException.Reason;
import dev.parley.core.group.MembershipChange.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRosterTest {
  private static final GroupLimits LIMITS = new GroupLimits(5, 10, 30, 3);

  private static GroupRoster created() {
    return GroupRoster.create(LIMITS, "alice", "Trip", List.of("bob", "carol"), 1).roster();
  }

  @Test
  void theCreatorIsTheFirstAdminAndEveryoneSeesFromTheCreation() {
    GroupRoster.CreatedGroup g =
        GroupRoster.create(LIMITS, "alice", "  Trip ", List.of("bob", "alice", "bob"), 1);

    assertThat(g.change())
        .isEqualTo(new MembershipChange(Action.CREATED, "alice", List.of("bob"), "Trip", null));
    assertThat(g.roster().title()).isEqualTo("Trip");
    assertThat(g.roster().currentMembers()).containsExactly("alice", "bob");
    assertThat(g.roster().isAdmin("alice")).isTrue();
    assertThat(g.roster().isAdmin("bob")).isFalse();
    assertThat(g.roster().canSee("bob", 1)).isTrue();
  }

  @Test
  void titlesAreCheckedAndNothingIsCreatedOnBadInput() {
    assertThatThrownBy(() -> GroupRoster.create(LIMITS, "a", " ", List.of(), 1))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.INVALID_TITLE);
    assertThatThrownBy(() -> GroupRoster.create(LIMITS, "a", "x".repeat(11), List.of(), 1))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.INVALID_TITLE);
    assertThatThrownBy(() -> GroupRoster.create(LIMITS, "a", "bad\u0007", List.of(), 1))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.INVALID_TITLE);
    // Ten code points of an emoji are twenty chars: still a valid title.
    assertThat(GroupRoster.checkTitle(LIMITS, "😀".repeat(10))).hasSize(20);
  }

  @Test
  void onlyAdminsManageAndTheMemberLimitHolds() {
    GroupRoster r = created();

    assertThatThrownBy(() -> r.add("bob", List.of("dave"), 2))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThatThrownBy(() -> r.add("mallory", List.of("dave"), 2))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(r.add("alice", List.of("dave", "erin"), 2).users()).containsExactly("dave", "erin");
    assertThatThrownBy(() -> r.add("alice", List.of("frank"), 3))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.TOO_MANY_MEMBERS);
    assertThatThrownBy(() -> r.add("alice", List.of("bob"), 3))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.INVALID_MEMBERS);
    assertThat(r.size()).isEqualTo(5);
  }

  @Test
  void aRemovedMemberSeesUpToTheRemovalAndAReAddedOneFromTheReAdd() {
    GroupRoster r = created();

    r.remove("alice", "bob", 5);
    assertThat(r.isMember("bob")).isFalse();
    assertThat(r.canSee("bob", 5)).isTrue();
    assertThat(r.canSee("bob", 6)).isFalse();

    r.add("alice", List.of("bob"), 9);
    assertThat(r.canSee("bob", 4)).isTrue();
    assertThat(r.canSee("bob", 7)).isFalse();
    assertThat(r.canSee("bob", 9)).isTrue();
    assertThat(r.member("bob").orElseThrow().periods())
        .containsExactly(new MemberPeriod(1, 5), new MemberPeriod(9, MemberPeriod.OPEN));
  }

  @Test
  void twoAdminsRemovingEachOtherTheFirstWinsTheSecondIsRefused() {
    GroupRoster r = created();
    r.setAdmin("alice", "bob", true, 2);

    r.remove("bob", "alice", 3);

    assertThatThrownBy(() -> r.remove("alice", "bob", 4))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(r.currentMembers()).containsExactly("bob", "carol");
  }

  @Test
  void whenTheLastAdminLeavesTheLongestStandingMemberBecomesAdmin() {
    GroupRoster r = created();
    r.add("alice", List.of("dave"), 2);

    MembershipChange left = r.leave("alice", 3);

    assertThat(left.action()).isEqualTo(Action.LEFT);
    assertThat(left.promoted()).isEqualTo("bob");
    assertThat(r.isAdmin("bob")).isTrue();
    assertThat(r.isAdmin("dave")).isFalse();
  }

  @Test
  void onlyAdminsRenameAndTheLastAdminCannotBeDemoted() {
    GroupRoster r = created();
    assertThatThrownBy(() -> r.rename("carol", "New", 2))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(r.rename("alice", "New", 2).title()).isEqualTo("New");

    assertThatThrownBy(() -> r.setAdmin("alice", "alice", false, 3))
        .extracting(e -> ((GroupException) e).reason())
        .isEqualTo(Reason.INVALID_MEMBERS);
    r.setAdmin("alice", "bob", true, 3);
    assertThat(r.setAdmin("bob", "alice", false, 4).action()).isEqualTo(Action.DEMOTED);
    assertThat(r.isAdmin("alice")).isFalse();
  }

  @Test
  void aStoredRosterComesBackTheSame() {
    GroupRoster r = created();
    r.remove("alice", "carol", 2);
    List<GroupMember> stored = new ArrayList<>(r.everyone());

    GroupRoster loaded = GroupRoster.of(LIMITS, r.title(), stored);

    assertThat(loaded.currentMembers()).containsExactly("alice", "bob");
    assertThat(loaded.size()).isEqualTo(2);
    assertThat(loaded.canSee("carol", 2)).isTrue();
    assertThat(loaded.canSee("carol", 3)).isFalse();
  }
}
