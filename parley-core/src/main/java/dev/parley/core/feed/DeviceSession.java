package dev.parley.core.feed;

import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;

/** One connected device, as the transport exposes it to the messaging core. */
public interface DeviceSession {

  String userId();

  String deviceId();

  /**
   * Queues a frame without blocking; the future completes when it has been written to the socket. A
   * device with too much queued already is cut as a slow consumer instead.
   */
  CompletableFuture<Void> push(ServerFrame frame);

  /**
   * Like {@link #push}, for frames the caller paces itself (catch-up writes one batch after the
   * previous completed), so they are exempt from the slow-consumer cut.
   */
  CompletableFuture<Void> pushPaced(ServerFrame frame);

  /** Closes the connection with a WebSocket close code. */
  void close(int code, String reason);
}
