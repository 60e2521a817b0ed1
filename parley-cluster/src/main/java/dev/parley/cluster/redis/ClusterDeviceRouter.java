package dev.parley.cluster.redis;

import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.Committed;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.core.routing.LocalDeviceRouter;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router of one node in a cluster: this node's sessions in a {@link LocalDeviceRouter}, device
 * registrations in the {@link DeviceRegistry} and the {@link PushBus} between nodes.
 *
 * <p>Path of a committed event: the feed worker that persisted it calls {@link #committed} on
 * whichever node it runs; that publishes one {@link BusMessage.FeedDelivery} per audience user on
 * the user's channel; every node with a session of that user subscribes the channel while it has
 * one and hands the entries to its local sessions. A session's catch-up starts only once its user's
 * channel is subscribed ({@link SessionFeed#routedWhen}), so an event is either read from the store
 * or arrives live.
 *
 * <p>One device, one session, cluster-wide: attaching registers the device at this node, and a
 * session of the same device on another node is told to close with {@link CloseCodes#REPLACED}.
 *
 * <p>No method blocks: they are called from connection handling and from the log's thread. A {@link
 * RefreshSchedule} of its own re-arms this node's registrations every ttl/3.
 *
 * <p>It receives its kinds of {@link BusMessage} (feed deliveries, ephemeral frames, disconnects)
 * from the node's {@link PushBus}, which it shares with the node's other receivers; the node starts
 * the bus once all are constructed.
 */
public final class ClusterDeviceRouter implements DeviceRouter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeviceRouter.class);
  private static final String REPLACED_REASON = "replaced by a newer session of this device";

  private final String nodeId;
  private final LocalDeviceRouter local = new LocalDeviceRouter();
  private final DeviceRegistry registry;
  private final PushBus bus;
  private final FrameCodec frames = new FrameCodec();
  private final RefreshSchedule registrations;

  /**
   * Per user with a session here: its channel subscription. Every change of a user's local sessions
   * runs inside compute() on this map, so the subscribe and unsubscribe commands of one user leave
   * in the same order as the sessions came and went.
   */
  private final Map<String, CompletionStage<Void>> userChannels = new ConcurrentHashMap<>();

  private final Map<String, SessionFeed> byDevice = new ConcurrentHashMap<>();

  /** Hears what reaches this node's sessions; set once, by {@link #start}. */
  private volatile CommitListener delivered = batch -> {};

  /** Registers with {@code bus} for its kinds of message; the node starts the bus afterwards. */
  public ClusterDeviceRouter(String nodeId, DeviceRegistry registry, PushBus bus) {
    this.nodeId = nodeId;
    this.registry = registry;
    this.bus = bus;
    this.registrations =
        new RefreshSchedule("router-refresh-" + nodeId, registry.ttl(), this::refreshRegistrations);
    bus.receive(BusMessage.FeedDelivery.class, this::deliver);
    bus.receive(BusMessage.Ephemeral.class, this::pushLocal);
    bus.receive(BusMessage.Disconnect.class, this::disconnectRequested);
    bus.onResubscribed(this::resyncSessions);
  }

  /**
   * Starts re-arming this node's registrations. {@code delivered} hears the events delivered to
   * this node's sessions (the presence service, which is built on this router, hence not a
   * constructor argument).
   */
  public void start(CommitListener delivered) {
    this.delivered = Objects.requireNonNull(delivered);
    registrations.start();
  }

  @Override
  public Optional<SessionFeed> attach(SessionFeed feed) {
    String user = feed.session().userId();
    String device = feed.session().deviceId();
    @SuppressWarnings("unchecked")
    Optional<SessionFeed>[] displaced = new Optional[1];
    CompletionStage<Void> subscribed =
        userChannels.compute(
            user,
            (u, channel) -> {
              displaced[0] = local.attach(feed);
              byDevice.put(device, feed);
              boolean live =
                  channel != null && !channel.toCompletableFuture().isCompletedExceptionally();
              return live ? channel : bus.subscribeUser(u);
            });
    feed.routedWhen(subscribed);
    registry
        .register(device, nodeId)
        .whenComplete(
            (before, error) -> {
              if (error != null) {
                LOG.warn("device {} could not be registered", device, error);
              } else {
                before.ifPresent(
                    node ->
                        bus.publishToNode(
                            node,
                            new BusMessage.Disconnect(
                                device, CloseCodes.REPLACED, REPLACED_REASON)));
              }
            });
    return displaced[0];
  }

  @Override
  public void detach(SessionFeed feed) {
    String user = feed.session().userId();
    String device = feed.session().deviceId();
    boolean[] removed = new boolean[1];
    userChannels.computeIfPresent(
        user,
        (u, channel) -> {
          removed[0] = byDevice.remove(device, feed);
          local.detach(feed);
          if (local.sessionCount(u) > 0) {
            return channel;
          }
          bus.unsubscribeUser(u);
          return null;
        });
    if (removed[0]) {
      registry.unregister(device, nodeId);
    }
  }

  @Override
  public void disconnect(String deviceId, int code, String reason) {
    if (disconnectLocal(deviceId, code, reason)) {
      return;
    }
    registry
        .nodeOf(deviceId)
        .thenAccept(
            node ->
                node.filter(n -> !n.equals(nodeId))
                    .ifPresent(
                        n ->
                            bus.publishToNode(
                                n, new BusMessage.Disconnect(deviceId, code, reason))));
  }

  /**
   * Publishes the frame on the user's channel; every node with sessions of the user, this one
   * included, delivers it to them. Returns the sessions here it will reach; other nodes count their
   * own.
   */
  @Override
  public int pushToUser(String userId, ServerFrame frame, String exceptDevice) {
    bus.publishToUser(userId, new BusMessage.Ephemeral(userId, frames.encode(frame), exceptDevice));
    SessionFeed except = exceptDevice == null ? null : byDevice.get(exceptDevice);
    int here =
        local.sessionCount(userId)
            - (except != null && except.session().userId().equals(userId) ? 1 : 0);
    return here;
  }

  @Override
  public Collection<SessionFeed> sessions() {
    return local.sessions();
  }

  @Override
  public boolean attached(String deviceId) {
    return local.attached(deviceId);
  }

  @Override
  public int sessionCount(String userId) {
    return local.sessionCount(userId);
  }

  @Override
  public int sessionCount() {
    return local.sessionCount();
  }

  /**
   * Publishes just-persisted events to their audiences' channels: one message per user and run of
   * events from the same origin device, in commit order. (The log's thread: publishing never
   * blocks.)
   */
  @Override
  public void committed(List<Committed> batch) {
    Map<String, List<Committed>> byUser = new LinkedHashMap<>();
    for (Committed c : batch) {
      for (String user : c.audience()) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(c);
      }
    }
    byUser.forEach(
        (user, events) -> {
          List<BusMessage.FeedDelivery.Entry> run = new ArrayList<>();
          String origin = events.get(0).originDevice();
          for (Committed c : events) {
            if (!Objects.equals(origin, c.originDevice())) {
              publishDelivery(user, run, origin);
              run = new ArrayList<>();
              origin = c.originDevice();
            }
            run.add(new BusMessage.FeedDelivery.Entry(c.pos(), c.event()));
          }
          publishDelivery(user, run, origin);
        });
  }

  /** Stops re-arming registrations; the bus is the node's to close. */
  @Override
  public void close() {
    registrations.close();
  }

  private void publishDelivery(
      String user, List<BusMessage.FeedDelivery.Entry> entries, String origin) {
    bus.publishToUser(user, new BusMessage.FeedDelivery(user, entries, origin));
  }

  private boolean disconnectLocal(String deviceId, int code, String reason) {
    SessionFeed feed = byDevice.get(deviceId);
    if (feed == null) {
      return false;
    }
    detach(feed);
    feed.session().close(code, reason);
    return true;
  }

  private void refreshRegistrations() {
    registry.refresh(List.copyOf(byDevice.keySet()), nodeId).toCompletableFuture().join();
  }

  /** The push channel was lost for a while: every session re-reads what it may have missed. */
  private void resyncSessions() {
    for (SessionFeed feed : local.sessions()) {
      feed.resync();
    }
  }

  private void deliver(BusMessage.FeedDelivery delivery) {
    List<Committed> batch = new ArrayList<>(delivery.entries().size());
    List<String> audience = List.of(delivery.user());
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      batch.add(new Committed(e.pos(), e.event(), audience, delivery.originDevice()));
    }
    local.committed(batch);
    delivered.committed(batch);
  }

  private void pushLocal(BusMessage.Ephemeral ephemeral) {
    try {
      local.pushToUser(
          ephemeral.user(), frames.decodeServer(ephemeral.frameJson()), ephemeral.exceptDevice());
    } catch (FrameException e) {
      LOG.warn("ephemeral frame for {} could not be decoded", ephemeral.user(), e);
    }
  }

  /**
   * A replaced session is closed only if the device is not registered here again by now: a device
   * that came back to this node after a short visit elsewhere keeps its new session.
   */
  private void disconnectRequested(BusMessage.Disconnect d) {
    if (d.code() != CloseCodes.REPLACED) {
      disconnectLocal(d.device(), d.code(), d.reason());
      return;
    }
    registry
        .nodeOf(d.device())
        .whenComplete(
            (node, error) -> {
              if (error != null || !node.equals(Optional.of(nodeId))) {
                disconnectLocal(d.device(), d.code(), d.reason());
              }
            });
  }
}
