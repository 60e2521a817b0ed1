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
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * <p>No method blocks: they are called from connection handling and from the log's thread. A
 * scheduler thread of its own re-arms this node's registrations every ttl/3 and runs the node's
 * {@link #onRefresh refresh hook} (presence) there too.
 */
public final class ClusterDeviceRouter implements DeviceRouter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeviceRouter.class);
  private static final String REPLACED_REASON = "replaced by a newer session of this device";

  private final String nodeId;
  private final LocalDeviceRouter local = new LocalDeviceRouter();
  private final DeviceRegistry registry;
  private final PushBus bus;
  private final BusMessageCodec codec = new BusMessageCodec();
  private final FrameCodec frames = new FrameCodec();
  private final ScheduledExecutorService scheduler;

  /**
   * Per user with a session here: its channel subscription. Every change of a user's local sessions
   * runs inside compute() on this map, so the subscribe and unsubscribe commands of one user leave
   * in the same order as the sessions came and went.
   */
  private final Map<String, CompletionStage<Void>> userChannels = new ConcurrentHashMap<>();

  private final Map<String, SessionFeed> byDevice = new ConcurrentHashMap<>();

  private volatile CommitListener deliveredListener = batch -> {};
  private volatile Consumer<BusMessage.Reply> replyListener =
      reply -> LOG.debug("reply {} arrived with no listener", reply.requestId());
  private volatile Runnable refreshHook = () -> {};

  public ClusterDeviceRouter(
      String nodeId,
      DeviceRegistry registry,
      StatefulRedisPubSubConnection<String, String> subscriptions,
      RedisClusterAsyncCommands<String, String> publisher,
      String prefix) {
    this.nodeId = nodeId;
    this.registry = registry;
    this.bus = new PushBus(subscriptions, publisher, prefix, nodeId, new Inbox());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "router-refresh-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Subscribes this node's channel and starts the periodic refresh; completes once the node is
   * reachable.
   */
  public CompletionStage<Void> start() {
    long period = Math.max(1, registry.ttl().toMillis() / 3);
    scheduler.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
    return bus.start();
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Receives the events delivered to this node's sessions (the presence service); set before start.
   */
  public void deliveredListener(CommitListener listener) {
    this.deliveredListener = Objects.requireNonNull(listener);
  }

  /**
   * Receives replies for appends this node waits for (the Kafka log); called on Lettuce's event
   * loop.
   */
  public void replyListener(Consumer<BusMessage.Reply> listener) {
    this.replyListener = Objects.requireNonNull(listener);
  }

  /**
   * Runs with every refresh, on the refresh thread (blocking allowed): the node re-arms its
   * presence.
   */
  public void onRefresh(Runnable hook) {
    this.refreshHook = Objects.requireNonNull(hook);
  }

  /**
   * Publishes a message to one node's channel (the Kafka log sends {@link BusMessage.Reply}s this
   * way).
   */
  public CompletionStage<Long> sendToNode(String node, BusMessage message) {
    return bus.publishToNode(node, codec.encode(message));
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
                        sendToNode(
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
                        n -> sendToNode(n, new BusMessage.Disconnect(deviceId, code, reason))));
  }

  /**
   * Publishes the frame on the user's channel; every node with sessions of the user, this one
   * included, delivers it to them. Returns the sessions here it will reach; other nodes count their
   * own.
   */
  @Override
  public int pushToUser(String userId, ServerFrame frame, String exceptDevice) {
    bus.publishToUser(
        userId, codec.encode(new BusMessage.Ephemeral(userId, frames.encode(frame), exceptDevice)));
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

  /**
   * Stops the refresh and closes the subscription connection; the publishing connection is the
   * caller's.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    bus.close();
  }

  private void publishDelivery(
      String user, List<BusMessage.FeedDelivery.Entry> entries, String origin) {
    bus.publishToUser(user, codec.encode(new BusMessage.FeedDelivery(user, entries, origin)));
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

  private void refresh() {
    try {
      registry.refresh(List.copyOf(byDevice.keySet()), nodeId).toCompletableFuture().join();
    } catch (RuntimeException e) {
      LOG.warn("device registrations could not be refreshed", e);
    }
    try {
      refreshHook.run();
    } catch (RuntimeException e) {
      LOG.warn("refresh hook failed", e);
    }
  }

  private void deliver(BusMessage.FeedDelivery delivery) {
    List<Committed> batch = new ArrayList<>(delivery.entries().size());
    List<String> audience = List.of(delivery.user());
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      batch.add(new Committed(e.pos(), e.event(), audience, delivery.originDevice()));
    }
    local.committed(batch);
    deliveredListener.committed(batch);
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

  private void handle(BusMessage message) {
    if (message instanceof BusMessage.FeedDelivery delivery) {
      deliver(delivery);
    } else if (message instanceof BusMessage.Ephemeral ephemeral) {
      pushLocal(ephemeral);
    } else if (message instanceof BusMessage.Disconnect disconnect) {
      disconnectRequested(disconnect);
    } else if (message instanceof BusMessage.Reply reply) {
      replyListener.accept(reply);
    }
  }

  private final class Inbox implements PushBus.Listener {
    @Override
    public void onUser(String userId, String payload) {
      handle(codec.decode(payload));
    }

    @Override
    public void onNode(String payload) {
      handle(codec.decode(payload));
    }

    @Override
    public void onResubscribed() {
      for (SessionFeed feed : local.sessions()) {
        feed.resync();
      }
    }
  }
}
