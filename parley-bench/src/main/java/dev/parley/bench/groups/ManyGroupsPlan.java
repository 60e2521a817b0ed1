package dev.parley.bench.groups;

/**
 * A user ({@code <prefix>q<quiet + active>}) in {@code quietGroups} groups where nothing happens
 * and {@code activeGroups} where {@code activeMessages} messages each arrive while they are away;
 * each group has the admin ({@code <prefix>admin}) as its only other member. {@code <prefix>q0}, in
 * no group, is the baseline.
 */
record ManyGroupsPlan(
    int quietGroups, int activeGroups, int activeMessages, int rounds, String prefix) {

  String userHandle() {
    return prefix + "q" + (quietGroups + activeGroups);
  }

  String baselineHandle() {
    return prefix + "q0";
  }

  String adminHandle() {
    return prefix + "admin";
  }

  String quietName(int i) {
    return prefix + "-quiet-" + i;
  }

  String activeName(int i) {
    return prefix + "-active-" + i;
  }
}
