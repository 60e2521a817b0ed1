package dev.parley.core.group;

/**
 * Operator limits on groups.
 *
 * @param maxMembers most current members of one group, creator included (default 10,000)
 * @param maxTitleCodePoints longest group title, in Unicode code points (default 100)
 * @param maxCreatedPerHour groups one user may create per hour (default 30)
 * @param maxAddedAtOnce most users one {@code group_add} or {@code create_group} names (default
 *     256), so one frame stays small and one change event bounded
 */
public record GroupLimits(
    int maxMembers, int maxTitleCodePoints, int maxCreatedPerHour, int maxAddedAtOnce) {
  public static final GroupLimits DEFAULTS = new GroupLimits(10_000, 100, 30, 256);

  public GroupLimits {
    if (maxMembers < 2 || maxTitleCodePoints < 1 || maxCreatedPerHour < 1 || maxAddedAtOnce < 1) {
      throw new IllegalArgumentException("group limits must be positive (max members at least 2)");
    }
  }
}
