package dev.parley.core.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the single writer of a conversation knows: the last assigned sequence and time, and each
 * member's receipt positions. Owned by one thread at a time (the conversation's sequencer); not
 * thread-safe. The rules here are shared by every {@link dev.parley.core.log.ConversationLog}
 * implementation.
 */
public final class ConversationState {
  private final ConversationId id;
  private long lastSeq;
  private long lastTs;
  private long lastActivity;
  private final Map<String, ReceiptPosition> positions = new LinkedHashMap<>();

  public ConversationState(
      ConversationId id,
      long lastSeq,
      long lastTs,
      long lastActivity,
      Map<String, ReceiptPosition> positions) {
    this.id = id;
    this.lastSeq = lastSeq;
    this.lastTs = lastTs;
    this.lastActivity = lastActivity;
    for (String member : id.members()) {
      this.positions.put(member, positions.getOrDefault(member, ReceiptPosition.NONE));
    }
  }

  public static ConversationState empty(ConversationId id) {
    return new ConversationState(id, 0, 0, 0, Map.of());
  }

  public ConversationId id() {
    return id;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public long lastTs() {
    return lastTs;
  }

  /**
   * The activity stamp of the last message: strictly increasing across all conversations of a store
   * (see {@link #assignNext}), so conversation lists order by it without ties.
   */
  public long lastActivity() {
    return lastActivity;
  }

  public ReceiptPosition position(String userId) {
    return positions.getOrDefault(userId, ReceiptPosition.NONE);
  }

  public Map<String, ReceiptPosition> positions() {
    return Map.copyOf(positions);
  }

  /**
   * Assigns the next message its sequence and server time. Time never goes backwards within a
   * conversation, so ordering by time and by sequence agree. {@code activity} is the store's next
   * activity stamp (milliseconds have ties; the stamp has none).
   */
  public Assigned assignNext(long nowMillis, long activity) {
    lastSeq++;
    lastTs = Math.max(nowMillis, lastTs);
    lastActivity = activity;
    return new Assigned(lastSeq, lastTs);
  }

  /**
   * Moves {@code userId}'s positions forward, clamped to the last sequence; returns the new
   * position, or null when nothing moved (a late or repeated report).
   */
  public ReceiptPosition advance(String userId, long delivered, long read) {
    ReceiptPosition current = position(userId);
    ReceiptPosition next = current.advance(Math.min(delivered, lastSeq), Math.min(read, lastSeq));
    if (next.equals(current)) {
      return null;
    }
    positions.put(userId, next);
    return next;
  }

  /** Sequence and time given to one message. */
  public record Assigned(long seq, long ts) {}
}
