package dev.parley.bench.groups;

/**
 * {@code groups} groups of {@code groupSize} members over {@code users} users (handles {@code
 * <prefix>u<i>}), each with one device online. Member j of group g is user {@code (g + j × users /
 * groupSize) mod users}: distinct within a group, and with 1,000 groups of 20 over 2,000 users
 * every user is in exactly 10 groups. Member 0 creates the group.
 */
record SmallGroupsPlan(int groups, int groupSize, int users, String prefix) {
  SmallGroupsPlan {
    if (groupSize < 2 || users < groupSize) {
      throw new IllegalArgumentException(
          "need 2 ≤ --group-size ≤ --users; got " + groupSize + " and " + users);
    }
  }

  int member(int group, int j) {
    return (group + j * (users / groupSize)) % users;
  }

  String userHandle(int i) {
    return prefix + "u" + i;
  }

  /** Names carry the shape, so a run with another shape never reuses these groups. */
  String groupName(int group) {
    return prefix + "-small-" + users + "-" + groupSize + "-" + group;
  }
}
