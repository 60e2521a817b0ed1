package dev.parley.core.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a device's sends to a conversation in the order it sent them when one is refused for now
 * (docs/protocol.md, "Sending", Order). Sequence numbers follow the order sends arrive in, so a
 * send refused with a retryable error ({@code rate_limited}, {@code overloaded}, {@code internal})
 * would be overtaken by the sends pipelined behind it. Instead, after such a refusal of message X
 * in conversation C from device D, every later send of C from D is refused ({@code out_of_order},
 * naming X) until D sends X again, same id; sending X again lifts the block whatever its answer (a
 * new retryable refusal blocks again), and so does X being stored.
 *
 * <p>If X is not sent again within {@link #HELD_BACK_LIFTS_AFTER}, the first send that the block
 * held back lifts it as well. A client sends again in order, so that send is the oldest it still
 * has: X itself is gone from it, either given up or already stored. The second happens when two
 * attempts of X were in flight, one stored and the other refused after it; the block then names a
 * stored message the client will never send again. Without this rule, the conversation would stall
 * until the block is forgotten. Forgetting it could also let a later message of a resend burst pass
 * an earlier one refused just before.
 *
 * <p>The block belongs to the device, not to its connection, so it holds across reconnects. It is
 * kept in memory only: a restart forgets it (a client then sends its outbox again in order, which
 * is in order). A block not lifted within {@link #FORGET_AFTER} is forgotten (a client that gave X
 * up for good is not refused forever). Memory is bounded: at most {@link #MAX_BLOCKED} blocks at
 * once; past that, after dropping the expired ones, a new refusal blocks nothing and order is then
 * up to the client. A refusal that is not retryable (too big, forbidden, …) blocks nothing: the
 * client drops that message and goes on. Thread-safe.
 */
public final class SendOrder {
  /** How long a block waits for its message to be sent again. */
  public static final Duration FORGET_AFTER = Duration.ofMinutes(2);

  /** After this long without X sent again, the first send held back behind X lifts the block. */
  public static final Duration HELD_BACK_LIFTS_AFTER = Duration.ofSeconds(10);

  /** Most blocks held at once, over all devices. */
  public static final int MAX_BLOCKED = 100_000;

  private final LongSupplier nanoClock;
  private final Map<Key, Blocked> blocked = new ConcurrentHashMap<>();

  public SendOrder() {
    this(System::nanoTime);
  }

  /** With the clock blocks expire by (tests). */
  public SendOrder(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * Whether device {@code deviceId} may send message {@code id} to {@code conv} now: null if it
   * may, else the id of the refused message that must be sent again first. Sending that message
   * again lifts the block.
   */
  public String admit(String deviceId, String conv, String id) {
    if (blocked.isEmpty()) {
      return null; // the usual case: nothing refused anywhere
    }
    Key key = new Key(deviceId, conv);
    Blocked b = blocked.get(key);
    if (b == null) {
      return null;
    }
    if (b.id.equals(id) || expired(b)) {
      blocked.remove(key, b);
      return null;
    }
    if (b.firstHeldBack == null) {
      blocked.replace(key, b, new Blocked(b.id, b.sinceNanos, id));
    } else if (b.firstHeldBack.equals(id)
        && nanoClock.getAsLong() - b.sinceNanos > HELD_BACK_LIFTS_AFTER.toNanos()) {
      blocked.remove(key, b);
      return null;
    }
    return b.id;
  }

  /**
   * Message {@code id} was refused with a retryable error: block the conversation behind it, unless
   * an earlier refused message already does.
   */
  public void refused(String deviceId, String conv, String id) {
    Key key = new Key(deviceId, conv);
    if (blocked.size() >= MAX_BLOCKED && !blocked.containsKey(key)) {
      blocked.values().removeIf(this::expired);
      if (blocked.size() >= MAX_BLOCKED) {
        return;
      }
    }
    Blocked fresh = new Blocked(id, nanoClock.getAsLong(), null);
    blocked.merge(key, fresh, (old, b) -> expired(old) ? b : old);
  }

  /**
   * Message {@code id} was stored: a block naming it is lifted (its refusal on another connection
   * may have been decided after a retry of it was already admitted and stored). If it is the first
   * send the block held back (an earlier attempt of it was admitted before the block), the client
   * will not send it again either, so the next send held back takes its role.
   */
  public void stored(String deviceId, String conv, String id) {
    if (blocked.isEmpty()) {
      return;
    }
    Key key = new Key(deviceId, conv);
    Blocked b = blocked.get(key);
    if (b != null && b.id.equals(id)) {
      blocked.remove(key, b);
    } else if (b != null && id.equals(b.firstHeldBack)) {
      blocked.replace(key, b, new Blocked(b.id, b.sinceNanos, null));
    }
  }

  /** Blocks currently held. */
  public int size() {
    return blocked.size();
  }

  private boolean expired(Blocked b) {
    return nanoClock.getAsLong() - b.sinceNanos > FORGET_AFTER.toNanos();
  }

  private record Key(String deviceId, String conv) {}

  /** Blocked behind {@code id} since then; {@code firstHeldBack}: the first send refused for it. */
  private record Blocked(String id, long sinceNanos, String firstHeldBack) {}
}
