package dev.parley.core.group;

import dev.parley.core.conversation.ReceiptPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each current member's delivered and read positions in a group, and the group-wide minimum of
 * each: a message at seq s is ✓✓ once {@link #allDelivered()} ≥ s and blue once {@link #allRead()}
 * ≥ s. A member's positions start at the seq they joined (the messages before are not theirs to
 * receive), and a member who leaves stops holding the minimum back. Owned by the conversation's
 * single writer; updates cost O(log members).
 */
public final class GroupReceipts {
  private final TreeMap<String, ReceiptPosition> positions = new TreeMap<>();
  private final TreeMap<Long, Integer> delivered = new TreeMap<>();
  private final TreeMap<Long, Integer> read = new TreeMap<>();

  /** The group-wide positions: what every current member has delivered and read. */
  public record Aggregate(long delivered, long read) {}

  /** A current member with their stored positions (at least their join seq). */
  public void track(String user, ReceiptPosition position) {
    untrack(user);
    positions.put(user, position);
    increment(delivered, position.delivered());
    increment(read, position.read());
  }

  /** A member left or was removed. */
  public void untrack(String user) {
    ReceiptPosition old = positions.remove(user);
    if (old != null) {
      decrement(delivered, old.delivered());
      decrement(read, old.read());
    }
  }

  public ReceiptPosition position(String user) {
    return positions.getOrDefault(user, ReceiptPosition.NONE);
  }

  public boolean tracks(String user) {
    return positions.containsKey(user);
  }

  /**
   * Moves a current member's positions forward (read implies delivered), clamped to {@code
   * lastSeq}; returns the new position, or null if nothing moved or the user is not a current
   * member.
   */
  public ReceiptPosition advance(String user, long newDelivered, long newRead, long lastSeq) {
    ReceiptPosition current = positions.get(user);
    if (current == null) {
      return null;
    }
    ReceiptPosition next =
        current.advance(Math.min(newDelivered, lastSeq), Math.min(newRead, lastSeq));
    if (next.equals(current)) {
      return null;
    }
    track(user, next);
    return next;
  }

  public Aggregate aggregate() {
    return new Aggregate(
        delivered.isEmpty() ? 0 : delivered.firstKey(), read.isEmpty() ? 0 : read.firstKey());
  }

  public long allDelivered() {
    return aggregate().delivered();
  }

  public long allRead() {
    return aggregate().read();
  }

  /**
   * A page of current members who have read ({@code readers}) or received seq {@code seq}, by user
   * id after {@code afterUser} (null: from the start).
   */
  public List<String> reached(long seq, boolean readers, String afterUser, int limit) {
    List<String> page = new ArrayList<>(limit);
    for (Map.Entry<String, ReceiptPosition> e :
        (afterUser == null ? positions : positions.tailMap(afterUser, false)).entrySet()) {
      long at = readers ? e.getValue().read() : e.getValue().delivered();
      if (at >= seq) {
        page.add(e.getKey());
        if (page.size() == limit) {
          break;
        }
      }
    }
    return page;
  }

  private static void increment(TreeMap<Long, Integer> counts, long key) {
    counts.merge(key, 1, Integer::sum);
  }

  private static void decrement(TreeMap<Long, Integer> counts, long key) {
    counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
  }
}
