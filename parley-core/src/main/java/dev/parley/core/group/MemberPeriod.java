package dev.parley.core.group;

/**
 * One stretch of membership: from the seq of the change that added the user (inclusive) to the seq
 * of the change that removed them (inclusive: they see their own removal), or open ({@code until ==
 * 0}).
 */
public record MemberPeriod(long from, long until) {
  public static final long OPEN = 0;

  public MemberPeriod {
    if (from < 1 || (until != OPEN && until < from)) {
      throw new IllegalArgumentException("bad membership period " + from + ".." + until);
    }
  }

  public boolean open() {
    return until == OPEN;
  }

  public boolean covers(long seq) {
    return seq >= from && (open() || seq <= until);
  }

  MemberPeriod closedAt(long seq) {
    return new MemberPeriod(from, seq);
  }
}
