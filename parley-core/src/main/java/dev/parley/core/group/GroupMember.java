package dev.parley.core.group;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's membership of one group over time: the role while a member and every period of
 * membership, oldest first (a re-added member has several). The user may read exactly the seqs
 * their periods cover.
 */
public record GroupMember(String user, GroupRole role, List<MemberPeriod> periods) {
  public GroupMember {
    periods = List.copyOf(periods);
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("a member has at least one period");
    }
  }

  static GroupMember joined(String user, GroupRole role, long seq) {
    return new GroupMember(user, role, List.of(new MemberPeriod(seq, MemberPeriod.OPEN)));
  }

  /** A current member (the last period is open). */
  public boolean current() {
    return periods.get(periods.size() - 1).open();
  }

  public boolean admin() {
    return current() && role == GroupRole.ADMIN;
  }

  /** The seq at which the current (or last) membership began. */
  public long since() {
    return periods.get(periods.size() - 1).from();
  }

  public boolean canSee(long seq) {
    for (MemberPeriod p : periods) {
      if (p.covers(seq)) {
        return true;
      }
    }
    return false;
  }

  GroupMember withRole(GroupRole newRole) {
    return new GroupMember(user, newRole, periods);
  }

  GroupMember leftAt(long seq) {
    List<MemberPeriod> next = new ArrayList<>(periods);
    next.set(next.size() - 1, next.get(next.size() - 1).closedAt(seq));
    return new GroupMember(user, GroupRole.MEMBER, next);
  }

  GroupMember rejoinedAt(long seq) {
    List<MemberPeriod> next = new ArrayList<>(periods);
    next.add(new MemberPeriod(seq, MemberPeriod.OPEN));
    return new GroupMember(user, GroupRole.MEMBER, next);
  }
}
