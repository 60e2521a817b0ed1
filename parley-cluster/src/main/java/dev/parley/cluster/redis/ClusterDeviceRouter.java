package dev.parley.cluster.redis;

import dev.parley.cluster.EventJson;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.Committed;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.core.routing.LocalDeviceRouter;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>A group's event is pushed per node, not per member: the feed writer publishes it once to each
 * node registered in {@link GroupNodes} for the group's slice it was written to ({@link
 * BusMessage.GroupDelivery} on the node's channel), with the slice's members as the sequencer
 * judged them at its seq; each node hands it to its own sessions of those members. A node registers
 * for the slices of a user's current groups when the user's first session attaches ({@link
 * LocalGroups}); that session's catch-up waits for the user channel and for those registrations,
 * and the writer reads the registrations after the event is stored, so the event is either read at
 * catch-up or pushed. A user added to a group was not registered for it: the writer also publishes
 * a {@code created}/{@code added} event on the added members' user channels, and their node
 * registers for the group then and re-reads their feed once registered (events between the addition
 * and the registration were stored, not pushed to this node). Everything a feed writer publishes
 * leaves on one connection in position order, so a node receives a partition's user and group
 * events in that order; a device drops positions below one it has.
 *
 * <p>One device, one session, cluster-wide: attaching registers the device at this node, and a
 * session of the same device on another node is told to close with {@link SessionEnd#REPLACED}.
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
  private final RefreshSchedule registrations;
  private final GroupFanOut groupFanOut;
  private final LocalGroups groups;
  private final CommittedPublisher publisher;
  private final DeliveryReceiver receiver;

  /**
   * Per user with a session here: its channel subscription. Every change of a user's local sessions
   * runs inside compute() on this map, so the subscribe and unsubscribe commands of one user leave
   * in the same order as the sessions came and went.
   */
  private final Map<String, CompletionStage<Void>> userChannels = new ConcurrentHashMap<>();

  private final Map<String, SessionFeed> byDevice = new ConcurrentHashMap<>();

  /** Registers with {@code bus} for its kinds of message; the node starts the bus afterwards. */
  public ClusterDeviceRouter(
      String nodeId, DeviceRegistry registry, PushBus bus, GroupFanOut groupFanOut) {
    this.nodeId = nodeId;
    this.registry = registry;
    this.bus = bus;
    this.groupFanOut = groupFanOut;
    this.groups = new LocalGroups(nodeId, groupFanOut.nodes(), groupFanOut.partitionOf());
    this.publisher = new CommittedPublisher(bus, groupFanOut);
    this.receiver = new DeliveryReceiver(local, groups);
    this.registrations =
        new RefreshSchedule("router-refresh-" + nodeId, registry.ttl(), this::refreshRegistrations);
    bus.receive(BusMessage.FeedDelivery.class, receiver::deliver);
    bus.receive(BusMessage.GroupDelivery.class, receiver::deliverGroup);
    bus.receive(BusMessage.Ephemeral.class, receiver::pushLocal);
    bus.receive(BusMessage.Disconnect.class, this::disconnectRequested);
    bus.onResubscribed(receiver::resyncSessions);
  }

  /**
   * Starts re-arming this node's registrations. {@code delivered} hears the events delivered to
   * this node's sessions (the presence service, which is built on this router, hence not a
   * constructor argument).
   */
  public void start(CommitListener delivered) {
    receiver.reportTo(Objects.requireNonNull(delivered));
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
              return live ? channel : route(u);
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
                            BusMessage.Disconnect.of(
                                device, SessionEnd.REPLACED, REPLACED_REASON)));
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
          groups.close(u);
          return null;
        });
    if (removed[0]) {
      registry.unregister(device, nodeId);
    }
  }

  @Override
  public void disconnect(String deviceId, SessionEnd why, String reason) {
    if (disconnectLocal(deviceId, why, reason)) {
      return;
    }
    registry
        .nodeOf(deviceId)
        .thenAccept(
            node ->
                node.filter(n -> !n.equals(nodeId))
                    .ifPresent(
                        n ->
                            bus.publishToNode(n, BusMessage.Disconnect.of(deviceId, why, reason))));
  }

  /**
   * Publishes the event on the user's channel; every node with sessions of the user, this one
   * included, delivers it to them. Returns the sessions here it will reach; other nodes count their
   * own.
   */
  @Override
  public int pushToUser(String userId, EphemeralEvent event, String exceptDevice) {
    bus.publishToUser(
        userId, new BusMessage.Ephemeral(userId, EventJson.ephemeral(event), exceptDevice));
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

  /**
   * Whether the device has a session on any node: here, or registered in Redis by another node.
   * Blocks up to two seconds on Redis, so it is for the push thread, never an event loop; if Redis
   * does not answer, the device counts as offline (a needless notification beats a missed one).
   */
  public boolean connectedAnywhere(String deviceId) {
    if (local.attached(deviceId)) {
      return true;
    }
    try {
      return registry.nodeOf(deviceId).toCompletableFuture().get(2, TimeUnit.SECONDS).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("device registry not answering for {}: {}", deviceId, e.toString());
      return false;
    }
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
   * Publishes just-persisted events to the nodes that host their audience ({@link
   * CommittedPublisher}).
   */
  @Override
  public void committed(List<Committed> batch) {
    publish(batch);
  }

  /**
   * As {@link #committed}; completes once the publishes have left for Redis and been answered, so
   * the feed writer knows which offsets it may commit.
   */
  public CompletionStage<?> publish(List<Committed> batch) {
    return publisher.publish(batch);
  }

  /** Stops re-arming registrations; the bus is the node's to close. */
  @Override
  public void close() {
    registrations.close();
  }

  /**
   * Subscribes the user's channel, then registers this node for the user's groups (read after the
   * subscription, so a group the user joins meanwhile is either read here or announced on that
   * channel). Completes once both are done; groups that cannot be read are retried by the refresh.
   */
  private CompletionStage<Void> route(String user) {
    groups.open(user);
    return bus.subscribeUser(user)
        .thenCompose(
            ok ->
                groupFanOut
                    .groupsOf()
                    .apply(user)
                    .thenCompose(g -> groups.join(user, g))
                    .exceptionally(
                        e -> {
                          LOG.warn("groups of {} not read; retrying at the next refresh", user, e);
                          groups.failed(user);
                          return null;
                        }));
  }

  private boolean disconnectLocal(String deviceId, SessionEnd why, String reason) {
    SessionFeed feed = byDevice.get(deviceId);
    if (feed == null) {
      return false;
    }
    detach(feed);
    feed.session().close(why, reason);
    return true;
  }

  private void refreshRegistrations() {
    Set<String> missed = new HashSet<>(groups.refresh());
    for (String user : groups.unresolved()) {
      try {
        groups
            .join(user, groupFanOut.groupsOf().apply(user).toCompletableFuture().join())
            .toCompletableFuture()
            .join();
        missed.add(user);
      } catch (RuntimeException e) {
        groups.failed(user);
        LOG.warn("groups of {} still not read", user, e);
      }
    }
    missed.forEach(receiver::resyncUser);
    registry.refresh(List.copyOf(byDevice.keySet()), nodeId).toCompletableFuture().join();
  }

  /**
   * A replaced session is closed only if the device is not registered here again by now: a device
   * that came back to this node after a short visit elsewhere keeps its new session.
   */
  private void disconnectRequested(BusMessage.Disconnect d) {
    if (d.why() != SessionEnd.REPLACED) {
      disconnectLocal(d.device(), d.why(), d.reason());
      return;
    }
    registry
        .nodeOf(d.device())
        .whenComplete(
            (node, error) -> {
              if (error != null || !node.equals(Optional.of(nodeId))) {
                disconnectLocal(d.device(), d.why(), d.reason());
              }
            });
  }
}
