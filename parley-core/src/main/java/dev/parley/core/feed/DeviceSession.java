package dev.parley.core.feed;

import dev.parley.core.presence.EphemeralEvent;
import java.util.concurrent.CompletableFuture;

/**
 * One connected device, as the transport exposes it to the messaging core. The core pushes its own
 * types; the transport encodes them for the wire.
 *
 * <p>Every push queues without blocking; the future completes when it has been written to the
 * socket. A device with too much queued already is cut as a slow consumer instead, except for the
 * paced pushes, which the caller paces itself (catch-up writes one batch after the previous
 * completed).
 */
public interface DeviceSession {

  String userId();

  String deviceId();

  /** Queues live feed events (subject to the slow-consumer cut). */
  CompletableFuture<Void> push(FeedBatch batch);

  /** Queues feed events the caller paces itself, so they are exempt from the slow-consumer cut. */
  CompletableFuture<Void> pushPaced(FeedBatch batch);

  /**
   * Tells the device catch-up is complete up to {@code cursor} (paced); {@code reset} means the
   * device's cursor was not usable and it should reload.
   */
  CompletableFuture<Void> synced(String cursor, boolean reset);

  /** Queues a presence or typing event (subject to the slow-consumer cut). */
  CompletableFuture<Void> push(EphemeralEvent event);

  /**
   * Closes the connection, after what was queued before: the future completes once it is closed
   * (the close frame written, or the client given up on).
   */
  CompletableFuture<Void> close(SessionEnd why, String reason);
}
