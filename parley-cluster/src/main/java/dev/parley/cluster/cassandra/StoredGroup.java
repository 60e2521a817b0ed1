package dev.parley.cluster.cassandra;

import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupRole;
import dev.parley.core.group.MemberPeriod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A group as its {@code group_members} partition holds it: the header (static columns) and every
 * member who ever was one, with their receipt positions. The sequencer writes a group's rows of one
 * batch as one single-partition batch, so a reader sees a roster, its positions and the offset they
 * were applied up to from the same moment.
 */
public record StoredGroup(Header header, List<Member> members) {
  public StoredGroup {
    members = List.copyOf(members);
  }

  /**
   * The group's header: title, creator, time of its first message, current size, the group-wide
   * positions last announced to senders, its sequence state and the log offset it was applied up
   * to.
   */
  public record Header(
      String title,
      String creator,
      long createdTs,
      int size,
      long allDelivered,
      long allRead,
      long lastSeq,
      long lastTs,
      long lastActivity,
      long appliedOffset) {}

  /** A member (current or past) and their receipt positions. */
  public record Member(GroupMember member, ReceiptPosition position) {}

  /** A membership's periods as stored: {@code [from, until, from, until, ...]}, until 0 if open. */
  static List<Long> periods(GroupMember m) {
    List<Long> flat = new ArrayList<>(m.periods().size() * 2);
    for (MemberPeriod p : m.periods()) {
      flat.add(p.from());
      flat.add(p.until());
    }
    return flat;
  }

  static GroupMember member(String user, String role, List<Long> flat) {
    List<MemberPeriod> periods = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      periods.add(new MemberPeriod(flat.get(i), flat.get(i + 1)));
    }
    return new GroupMember(user, GroupRole.valueOf(role.toUpperCase(Locale.ROOT)), periods);
  }

  static String role(GroupMember m) {
    return m.role().name().toLowerCase(Locale.ROOT);
  }
}
