package dev.parley.bench.groups;

import java.util.ArrayList;
import java.util.List;

/**
 * One group of {@code members} users (their handles {@code <prefix>m<i>}) created by {@code
 * <prefix>admin}, of whom the first {@code online} have a device online. The admin is a member too
 * (the creator), so the group has {@code members + 1} members.
 */
record BigGroupPlan(int members, int online, String prefix) {
  BigGroupPlan {
    if (online > members) {
      throw new IllegalArgumentException(
          "--online " + online + " is more than --members " + members);
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

  List<String> memberHandles(int count) {
    List<String> handles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      handles.add(memberHandle(i));
    }
    return handles;
  }
}
