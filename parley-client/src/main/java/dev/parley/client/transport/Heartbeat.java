package dev.parley.client.transport;

import java.time.Duration;

/**
 * The application-level liveness clock of one connection. TCP alone cannot tell a silent peer from
 * a dead one (a half-open connection after a NAT timeout or a cable pull looks open for hours), so
 * the client pings every {@code pingInterval} and declares the link dead when nothing at all
 * arrived for {@code deadAfter}. Defaults in the SDK: ping every 25 s, dead after 60 s (at least
 * two pings unanswered).
 *
 * <p>Not thread-safe: owned by the client's event loop. Times are {@link System#nanoTime()} values.
 */
public final class Heartbeat {
  /** What the connection needs now. */
  public enum Due {
    NOTHING,
    /** Send a ping (the clock counts it as sent). */
    PING,
    /** Nothing received for too long: drop the connection and reconnect. */
    DEAD
  }

  private final long pingIntervalNanos;
  private final long deadAfterNanos;
  private long lastReceived;
  private long lastPing;

  public Heartbeat(Duration pingInterval, Duration deadAfter) {
    if (deadAfter.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException("deadAfter must exceed pingInterval");
    }
    this.pingIntervalNanos = pingInterval.toNanos();
    this.deadAfterNanos = deadAfter.toNanos();
  }

  /**
   * A new connection attempt starts the clock; the handshake itself must finish within deadAfter.
   */
  public void restart(long now) {
    lastReceived = now;
    lastPing = now;
  }

  /** Any frame arrived. */
  public void received(long now) {
    lastReceived = now;
  }

  /** What is due at {@code now}; pings only when {@code canPing} (authenticated). */
  public Due check(long now, boolean canPing) {
    if (now - lastReceived > deadAfterNanos) {
      return Due.DEAD;
    }
    if (canPing && now - lastPing >= pingIntervalNanos) {
      lastPing = now;
      return Due.PING;
    }
    return Due.NOTHING;
  }
}
