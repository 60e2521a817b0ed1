package dev.parley.server.gateway.session;

import dev.parley.core.feed.DeviceSession;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;

/**
 * A device session as the gateway sees it: the core pushes its own events through {@link
 * DeviceSession}; the gateway also sends reply and error frames of its own.
 */
public interface FrameSession extends DeviceSession {

  /**
   * Queues a frame without blocking (subject to the slow-consumer cut); the future completes when
   * it has been written to the socket.
   */
  CompletableFuture<Void> send(ServerFrame frame);
}
