package dev.parley.core.feed;

import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;

/** One connected device, as the transport exposes it to the messaging core. */
public interface DeviceSession {

  String userId();

  String deviceId();

  /** Queues a frame without blocking; the future completes when it has been written to the socket. */
  CompletableFuture<Void> push(ServerFrame frame);

  /** Closes the connection with a WebSocket close code. */
  void close(int code, String reason);
}
