package dev.parley.core.messaging;

import dev.parley.core.account.Principal;
import dev.parley.core.feed.DeviceSession;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device connection: dispatches its frames to the messaging use cases and answers each
 * request with its reply or an error frame. Called on the connection's network thread; never blocks.
 */
public final class DeviceConnection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
  private static final long OVERLOADED_RETRY_MS = 500;

  private final Principal principal;
  private final DeviceSession session;
  private final MessagingService messaging;
  private final SessionFeed feed;
  private final DeviceRouter router;

  private DeviceConnection(Principal principal, DeviceSession session, MessagingService messaging, SessionFeed feed, DeviceRouter router) {
    this.principal = principal;
    this.session = session;
    this.messaging = messaging;
    this.feed = feed;
    this.router = router;
  }

  /**
   * Attaches a newly authenticated device: displaces an older session of the same device (close 4009),
   * starts buffering its feed and sends {@code welcome}.
   */
  public static DeviceConnection open(
      Principal principal, DeviceSession session, MessagingService messaging, SessionFeed feed, DeviceRouter router) {
    DeviceConnection connection = new DeviceConnection(principal, session, messaging, feed, router);
    router.attach(feed).ifPresent(old -> old.session().close(CloseCodes.REPLACED, "replaced by a newer session of this device"));
    MessagingLimits limits = messaging.limits();
    session.push(new ServerFrame.Welcome(1, principal.userId(), principal.handle(), principal.deviceId(),
        new ServerFrame.Limits(limits.maxFrameBytes(), limits.maxBodyBytes(), limits.syncBatch())));
    return connection;
  }

  public Principal principal() {
    return principal;
  }

  public void handle(ClientFrame frame) {
    try {
      if (frame instanceof ClientFrame.Send f) {
        reply(f.ref(), messaging.send(principal, f));
      } else if (frame instanceof ClientFrame.Received f) {
        quiet(messaging.receipt(principal, f.conv(), f.seq(), 0));
      } else if (frame instanceof ClientFrame.Read f) {
        quiet(messaging.receipt(principal, f.conv(), f.seq(), f.seq()));
      } else if (frame instanceof ClientFrame.Sync f) {
        feed.sync(f.after());
      } else if (frame instanceof ClientFrame.Open f) {
        reply(f.ref(), messaging.open(principal, f));
      } else if (frame instanceof ClientFrame.Conversations f) {
        reply(f.ref(), messaging.conversations(principal, f));
      } else if (frame instanceof ClientFrame.History f) {
        reply(f.ref(), messaging.history(principal, f));
      } else if (frame instanceof ClientFrame.Ping f) {
        session.push(new ServerFrame.Pong(f.ref()));
      } else if (frame instanceof ClientFrame.Auth) {
        session.push(ServerFrame.Error.of(null, ErrorCode.INVALID_FRAME, "this session is already authenticated"));
      }
    } catch (RuntimeException e) {
      session.push(errorFrame(frame.ref(), e));
    }
  }

  /** The transport closed: stop routing to this session (a newer one of the device stays attached). */
  public void closed() {
    router.detach(feed);
  }

  private void reply(String ref, CompletableFuture<ServerFrame> future) {
    future.whenComplete((frame, err) -> session.push(err == null ? frame : errorFrame(ref, err)));
  }

  private void quiet(CompletableFuture<Void> future) {
    future.whenComplete((ok, err) -> {
      if (err != null) {
        session.push(errorFrame(null, err));
      }
    });
  }

  private ServerFrame.Error errorFrame(String ref, Throwable err) {
    Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (e instanceof MessagingException m) {
      return ServerFrame.Error.of(ref, m.code(), m.getMessage());
    }
    if (e instanceof LogUnavailableException u && u.overloaded()) {
      return new ServerFrame.Error(ref, ErrorCode.OVERLOADED.wire(), "the server is busy; retry", OVERLOADED_RETRY_MS);
    }
    LOG.warn("request failed for device {}", principal.deviceId(), e);
    return new ServerFrame.Error(ref, ErrorCode.INTERNAL.wire(), "the server failed; nothing was stored, retry", 1000L);
  }
}
