package dev.parley.client.store;

/** A user's delivered and read positions in one conversation; 0 when nothing is known. */
public record Positions(long delivered, long read) {
  public static final Positions NONE = new Positions(0, 0);

  /** The positions moved forward by {@code other}, never back. */
  public Positions max(Positions other) {
    return new Positions(Math.max(delivered, other.delivered), Math.max(read, other.read));
  }
}
