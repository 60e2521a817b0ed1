package dev.parley.core.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a device's sends to a conversation in the order it sent them when one is refused for now
 * (docs/protocol.md, "Sending", Order). Sequence numbers follow the order sends arrive in, so a
 * send refused with a retryable error ({@code rate_limited}, {@code overloaded}, {@code internal})
 * would be overtaken by the sends pipelined behind it. Instead, after such a refusal of message X
 * in conversation C from device D, every later send of C from D is refused ({@code out_of_order},
 * naming X) until D sends X again, same id. Sending X again, or X being stored, passes the block to
 * the first send it refused (which must come next, then the one after it, and so on, up to {@link
 * #MAX_HELD_BACK}), or lifts it when it refused none; X refused again as it comes takes the block
 * back.
 *
 * <p>If X is not sent again within {@link #HELD_BACK_LIFTS_AFTER}, the first send that the block
 * held back passes it on as well. A client sends again in order, so that send is the oldest it
 * still has: X itself is gone from it, either given up or already stored. The second happens when
 * two attempts of X were in flight, one stored and the other refused after it; the block then names
 * a stored message the client will never send again. Without this rule, the conversation would
 * stall until the block is forgotten. Forgetting it could also let a later message of a resend
 * burst pass an earlier one refused just before.
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

  /**
   * Most sends a block remembers having held back, to let them through in order: the SDK's and the
   * web client's window of sends in flight per conversation. Ids are UUIDs, ~100 bytes each here,
   * so a block holds at most ~3 KB, and all blocks together at most ~320 MB at {@link
   * #MAX_BLOCKED}, reached only by that many devices with a full window refused at once (blocks
   * last two minutes at most).
   */
  public static final int MAX_HELD_BACK = 32;

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
   * again passes the block on to the next one held back, or lifts it.
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
    if (b.id.equals(id)) {
      passOn(key, b, b.heldBack, id);
      return null;
    }
    if (expired(b)) {
      blocked.remove(key, b);
      return null;
    }
    if (!b.heldBack.isEmpty()
        && b.heldBack.get(0).equals(id)
        && nanoClock.getAsLong() - b.sinceNanos > HELD_BACK_LIFTS_AFTER.toNanos()) {
      // The client no longer has b.id: the first send held back takes its place.
      passOn(key, b, b.heldBack.subList(1, b.heldBack.size()), id);
      return null;
    }
    if (!b.full && !b.heldBack.contains(id)) {
      // Once one was not remembered, none after it is: it would be let through ahead of that one.
      blocked.replace(
          key,
          b,
          b.heldBack.size() < MAX_HELD_BACK
              ? new Blocked(b.id, b.sinceNanos, append(b.heldBack, id), b.passedFrom, false)
              : new Blocked(b.id, b.sinceNanos, b.heldBack, b.passedFrom, true));
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
    long now = nanoClock.getAsLong();
    Blocked fresh = new Blocked(id, now, List.of(), null, false);
    blocked.merge(
        key,
        fresh,
        (old, b) -> {
          if (expired(old)) {
            return b;
          }
          // Refused again just after it came again: the block it passed on comes back to it, and
          // the send it named is held back behind it once more.
          return id.equals(old.passedFrom)
              ? new Blocked(
                  id,
                  now,
                  prepend(old.id, old.heldBack),
                  null,
                  old.full || old.heldBack.size() >= MAX_HELD_BACK)
              : old;
        });
  }

  /**
   * Message {@code id} was stored: a block naming it passes on (its refusal on another connection
   * may have been decided after a retry of it was already admitted and stored). If it is one of the
   * sends the block held back (an earlier attempt of it was admitted before the block), the client
   * will not send it again, so it is no longer waited for.
   */
  public void stored(String deviceId, String conv, String id) {
    if (blocked.isEmpty()) {
      return;
    }
    Key key = new Key(deviceId, conv);
    Blocked b = blocked.get(key);
    if (b != null && b.id.equals(id)) {
      passOn(key, b, b.heldBack, null);
    } else if (b != null && b.heldBack.contains(id)) {
      List<String> rest = new ArrayList<>(b.heldBack);
      rest.remove(id);
      blocked.replace(
          key, b, new Blocked(b.id, b.sinceNanos, List.copyOf(rest), b.passedFrom, b.full));
    }
  }

  /**
   * The block's message came again or was stored: the block passes to the oldest send it held back
   * ({@code waiting}, in the order they came), which must come next, or is lifted when there is
   * none. A send the client wrote before it learned that those were refused (pipelined, or sent
   * again on a timer while its answers came late) would otherwise be stored before them: under a
   * deep overload, where answers came seconds late, hundreds of messages of a run were stored after
   * later ones of their sender (docs/benchmarks.md). {@code passedFrom}: the send that just came,
   * which takes the block back if it is refused again.
   */
  private void passOn(Key key, Blocked b, List<String> waiting, String passedFrom) {
    if (waiting.isEmpty()) {
      blocked.remove(key, b);
    } else {
      blocked.replace(
          key,
          b,
          new Blocked(
              waiting.get(0),
              nanoClock.getAsLong(),
              List.copyOf(waiting.subList(1, waiting.size())),
              passedFrom,
              b.full));
    }
  }

  private static List<String> append(List<String> ids, String id) {
    List<String> out = new ArrayList<>(ids.size() + 1);
    out.addAll(ids);
    out.add(id);
    return List.copyOf(out);
  }

  private static List<String> prepend(String id, List<String> ids) {
    List<String> out = new ArrayList<>(ids.size() + 1);
    out.add(id);
    out.addAll(ids.subList(0, Math.min(ids.size(), MAX_HELD_BACK - 1)));
    return List.copyOf(out);
  }

  /** Blocks currently held. */
  public int size() {
    return blocked.size();
  }

  private boolean expired(Blocked b) {
    return nanoClock.getAsLong() - b.sinceNanos > FORGET_AFTER.toNanos();
  }

  private record Key(String deviceId, String conv) {}

  /**
   * Blocked behind {@code id} since then; {@code heldBack}: the sends refused behind it, in the
   * order they came; {@code passedFrom}: the send whose block passed to {@code id} as it came again
   * (null if none), which takes it back if that attempt is refused; {@code full}: a send held back
   * was not remembered (past {@link #MAX_HELD_BACK}), so no later one is either.
   */
  private record Blocked(
      String id, long sinceNanos, List<String> heldBack, String passedFrom, boolean full) {}
}
