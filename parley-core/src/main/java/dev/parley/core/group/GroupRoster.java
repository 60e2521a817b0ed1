package dev.parley.core.group;

import dev.parley.core.group.GroupException.Reason;
import dev.parley.core.group.MembershipChange.Action;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's title and members, and the rules for changing them. Owned by the conversation's single
 * writer (not thread-safe): each method validates a request against the current roster, applies it
 * at the given seq and returns the change to store in the sequence, or throws {@link
 * GroupException} and changes nothing. Users are ids; the caller resolves handles and checks that
 * the users exist.
 *
 * <p>Rules: admins add, remove, promote, demote and rename; any member leaves. The creator is the
 * first admin. The last admin cannot be demoted; when the last admin leaves, the member who has
 * been in the group longest becomes admin, so a group never ends up unmanageable. A group with no
 * members left keeps its history for those who were in it and accepts nothing more.
 */
public final class GroupRoster {
  private final GroupLimits limits;
  private final Map<String, GroupMember> members;
  private String title;
  private int current;

  private GroupRoster(GroupLimits limits, String title, Map<String, GroupMember> members) {
    this.limits = limits;
    this.title = title;
    this.members = members;
    this.current = (int) members.values().stream().filter(GroupMember::current).count();
  }

  /** A roster as stored: every member who ever was one, in the order they first joined. */
  public static GroupRoster of(GroupLimits limits, String title, Collection<GroupMember> members) {
    Map<String, GroupMember> byUser = new LinkedHashMap<>();
    for (GroupMember m : members) {
      byUser.put(m.user(), m);
    }
    return new GroupRoster(limits, title, byUser);
  }

  /**
   * A new group created by {@code creator} (its admin) with {@code others} at {@code seq} (the
   * group's first, normally 1).
   */
  public static CreatedGroup create(
      GroupLimits limits, String creator, String title, List<String> others, long seq) {
    String checkedTitle = checkTitle(limits, title);
    List<String> added = distinctExcept(others, creator);
    if (added.size() > limits.maxAddedAtOnce()) {
      throw new GroupException(
          Reason.TOO_MANY_MEMBERS, "at most " + limits.maxAddedAtOnce() + " users at once");
    }
    if (added.size() + 1 > limits.maxMembers()) {
      throw new GroupException(
          Reason.TOO_MANY_MEMBERS, "a group has at most " + limits.maxMembers() + " members");
    }
    Map<String, GroupMember> members = new LinkedHashMap<>();
    members.put(creator, GroupMember.joined(creator, GroupRole.ADMIN, seq));
    for (String user : added) {
      members.put(user, GroupMember.joined(user, GroupRole.MEMBER, seq));
    }
    GroupRoster roster = new GroupRoster(limits, checkedTitle, members);
    return new CreatedGroup(
        roster, new MembershipChange(Action.CREATED, creator, added, checkedTitle, null));
  }

  /** A new roster and the change that created it. */
  public record CreatedGroup(GroupRoster roster, MembershipChange change) {}

  public String title() {
    return title;
  }

  /** Current members. */
  public int size() {
    return current;
  }

  public Optional<GroupMember> member(String user) {
    return Optional.ofNullable(members.get(user));
  }

  public boolean isMember(String user) {
    GroupMember m = members.get(user);
    return m != null && m.current();
  }

  public boolean isAdmin(String user) {
    GroupMember m = members.get(user);
    return m != null && m.admin();
  }

  /** Whether {@code user} may read the event at {@code seq} (history rules). */
  public boolean canSee(String user, long seq) {
    GroupMember m = members.get(user);
    return m != null && m.canSee(seq);
  }

  /** Every user who was ever a member, current or not, in the order they first joined. */
  public Collection<GroupMember> everyone() {
    return List.copyOf(members.values());
  }

  /** Current members' ids, in the order they first joined. */
  public List<String> currentMembers() {
    List<String> ids = new ArrayList<>(current);
    for (GroupMember m : members.values()) {
      if (m.current()) {
        ids.add(m.user());
      }
    }
    return ids;
  }

  public MembershipChange add(String actor, List<String> users, long seq) {
    requireAdmin(actor, "add members");
    List<String> added = new ArrayList<>();
    for (String user : distinctExcept(users, actor)) {
      if (!isMember(user)) {
        added.add(user);
      }
    }
    if (added.isEmpty()) {
      throw new GroupException(Reason.INVALID_MEMBERS, "everyone named is already a member");
    }
    if (added.size() > limits.maxAddedAtOnce()) {
      throw new GroupException(
          Reason.TOO_MANY_MEMBERS, "at most " + limits.maxAddedAtOnce() + " users at once");
    }
    if (current + added.size() > limits.maxMembers()) {
      throw new GroupException(
          Reason.TOO_MANY_MEMBERS, "a group has at most " + limits.maxMembers() + " members");
    }
    for (String user : added) {
      GroupMember before = members.get(user);
      members.put(
          user,
          before == null
              ? GroupMember.joined(user, GroupRole.MEMBER, seq)
              : before.rejoinedAt(seq));
    }
    current += added.size();
    return new MembershipChange(Action.ADDED, actor, added, null, null);
  }

  public MembershipChange remove(String actor, String user, long seq) {
    requireAdmin(actor, "remove members");
    if (actor.equals(user)) {
      throw new GroupException(Reason.INVALID_MEMBERS, "to remove yourself, leave the group");
    }
    if (!isMember(user)) {
      throw new GroupException(Reason.INVALID_MEMBERS, "not a member of this group");
    }
    members.put(user, members.get(user).leftAt(seq));
    current--;
    return new MembershipChange(Action.REMOVED, actor, List.of(user), null, null);
  }

  public MembershipChange leave(String user, long seq) {
    requireMember(user);
    boolean wasAdmin = isAdmin(user);
    members.put(user, members.get(user).leftAt(seq));
    current--;
    String promoted = wasAdmin ? promoteIfNoAdmin() : null;
    return new MembershipChange(Action.LEFT, user, List.of(user), null, promoted);
  }

  public MembershipChange setAdmin(String actor, String user, boolean admin, long seq) {
    requireAdmin(actor, admin ? "make admins" : "dismiss admins");
    if (!isMember(user)) {
      throw new GroupException(Reason.INVALID_MEMBERS, "not a member of this group");
    }
    if (isAdmin(user) == admin) {
      throw new GroupException(Reason.INVALID_MEMBERS, admin ? "already an admin" : "not an admin");
    }
    if (!admin && admins() == 1) {
      throw new GroupException(
          Reason.INVALID_MEMBERS, "a group needs an admin: make someone else admin first");
    }
    members.put(user, members.get(user).withRole(admin ? GroupRole.ADMIN : GroupRole.MEMBER));
    return new MembershipChange(
        admin ? Action.PROMOTED : Action.DEMOTED, actor, List.of(user), null, null);
  }

  public MembershipChange rename(String actor, String newTitle, long seq) {
    requireAdmin(actor, "rename the group");
    title = checkTitle(limits, newTitle);
    return new MembershipChange(Action.RENAMED, actor, List.of(), title, null);
  }

  private int admins() {
    int n = 0;
    for (GroupMember m : members.values()) {
      if (m.admin()) {
        n++;
      }
    }
    return n;
  }

  private String promoteIfNoAdmin() {
    for (GroupMember m : members.values()) {
      if (m.admin()) {
        return null;
      }
    }
    GroupMember longest = null;
    for (GroupMember m : members.values()) {
      if (m.current() && (longest == null || m.since() < longest.since())) {
        longest = m;
      }
    }
    if (longest == null) {
      return null;
    }
    members.put(longest.user(), longest.withRole(GroupRole.ADMIN));
    return longest.user();
  }

  private void requireMember(String user) {
    if (!isMember(user)) {
      throw new GroupException(Reason.FORBIDDEN, "not a member of this conversation");
    }
  }

  private void requireAdmin(String user, String what) {
    requireMember(user);
    if (!isAdmin(user)) {
      throw new GroupException(Reason.FORBIDDEN, "only admins can " + what);
    }
  }

  private static List<String> distinctExcept(List<String> users, String except) {
    LinkedHashSet<String> set = new LinkedHashSet<>(users);
    set.remove(except);
    return List.copyOf(set);
  }

  /** The title trimmed, or an error if it is empty, too long or has control characters. */
  public static String checkTitle(GroupLimits limits, String title) {
    String t = title == null ? "" : title.strip();
    if (t.isEmpty()) {
      throw new GroupException(Reason.INVALID_TITLE, "the title is empty");
    }
    if (t.codePointCount(0, t.length()) > limits.maxTitleCodePoints()) {
      throw new GroupException(
          Reason.INVALID_TITLE,
          "the title is longer than " + limits.maxTitleCodePoints() + " characters");
    }
    if (t.codePoints().anyMatch(Character::isISOControl)) {
      throw new GroupException(Reason.INVALID_TITLE, "the title has control characters");
    }
    return t;
  }
}
