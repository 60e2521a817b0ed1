package dev.parley.bench.groups;

import java.util.ArrayList;
import java.util.List;

/**
 * One group of {@code members} members: its creator {@code <prefix>admin} and {@code members - 1}
 * users with handles {@code <prefix>m<i>}, of whom the first {@code online} have a device online.
 */
record BigGroupPlan(int members, int online, String prefix) {
  BigGroupPlan {
    if (online > members - 1) {
      throw new IllegalArgumentException(
          "--online "
              + online
              + " is more than the "
              + (members - 1)
              + " members besides the admin");
    }
  }

  String adminHandle() {
    return prefix + "admin";
  }

  String memberHandle(int i) {
    return prefix + "m" + i;
  }

  /** The name a run gives the group, so the next run with the same plan finds it again. */
  String groupName() {
    return prefix + "-big-" + members;
  }

  /** Every member but the admin. */
  List<String> memberHandles() {
    return memberHandles(members - 1);
  }

  List<String> memberHandles(int count) {
    List<String> handles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      handles.add(memberHandle(i));
    }
    return handles;
  }
}
