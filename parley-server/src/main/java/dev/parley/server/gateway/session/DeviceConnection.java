package dev.parley.server.gateway.session;

import dev.parley.core.account.Principal;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.messaging.MessagingLimits;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated device connection, the adapter between the wire and the core: turns each client
 * frame into a core command or query, applies the device's rate limits and its bound on reads
 * waiting, and answers with the core's result as a reply frame (or an error frame for a core
 * exception). Called on the connection's network thread; never blocks.
 */
public final class DeviceConnection {
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final Principal principal;
  private final ConnectionServices services;
  private final SessionFeed feed;
  private final String connectionId;
  private final FrameDispatch dispatch;

  private DeviceConnection(
      Principal principal, FrameSession session, ConnectionServices services, Runnable onRefusal) {
    this.principal = principal;
    this.services = services;
    this.connectionId = principal.deviceId() + "#" + CONNECTIONS.incrementAndGet();
    MessagingLimits limits = services.messaging().limits();
    this.feed =
        new SessionFeed(
            session,
            services.feedStore(),
            services.cursors(),
            services.reads(),
            limits.syncBatch(),
            limits.catchUpBuffer(),
            services.metrics());
    this.dispatch = new FrameDispatch(principal, session, services, feed, connectionId, onRefusal);
  }

  /**
   * Attaches a newly authenticated device: displaces an older session of the same device (close
   * 4009), starts buffering its feed, marks the user online and sends {@code welcome}. {@code
   * onRefusal} runs for each frame refused by a rate limit or the bound on pending reads, so the
   * transport can close a client that keeps sending past {@code retry_after_ms}.
   */
  public static DeviceConnection open(
      Principal principal, FrameSession session, ConnectionServices services, Runnable onRefusal) {
    DeviceConnection connection = new DeviceConnection(principal, session, services, onRefusal);
    services
        .router()
        .attach(connection.feed)
        .ifPresent(
            old ->
                old.session()
                    .close(SessionEnd.REPLACED, "replaced by a newer session of this device"));
    MessagingLimits limits = services.messaging().limits();
    session.send(
        new ServerFrame.Welcome(
            1,
            principal.userId(),
            principal.handle(),
            principal.deviceId(),
            new ServerFrame.Limits(
                limits.maxFrameBytes(), limits.maxBodyBytes(), limits.syncBatch())));
    services.presence().connected(principal, connection.connectionId);
    return connection;
  }

  public Principal principal() {
    return principal;
  }

  /** Identifies this connection in logs and presence. */
  public String connectionId() {
    return connectionId;
  }

  public void handle(ClientFrame frame) {
    dispatch.handle(frame);
  }

  /**
   * The transport closed: stop routing to this session (a newer one of the device stays attached).
   */
  public void closed() {
    services.router().detach(feed);
    services.presence().disconnected(principal, connectionId, feed);
  }
}
