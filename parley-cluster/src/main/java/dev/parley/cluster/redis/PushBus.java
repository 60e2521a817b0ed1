package dev.parley.cluster.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-to-node push over Redis 7 <em>sharded</em> pub/sub (SPUBLISH / SSUBSCRIBE).
 *
 * <p>Why sharded: a classic PUBLISH is broadcast to every node of a Redis Cluster, so each Redis
 * node would carry every push of the whole system and adding shards would add no capacity. A
 * sharded channel hashes to a slot like a key, and only the shard owning that slot carries it, so
 * push traffic spreads over the shards and grows with them.
 *
 * <p>Channels:
 *
 * <ul>
 *   <li>{@code <prefix>u:<userId>}: events for a user; every node holding a session of that user
 *       subscribes while it does.
 *   <li>{@code <prefix>n:<nodeId>}: messages for one node (a group's event for its sessions, close
 *       a session, a reply); subscribed by {@link #start}.
 *   <li>{@code <prefix>p:<partition>}: messages for whichever node owns that feed partition (a
 *       user's push registrations changed); subscribed while the node owns it.
 * </ul>
 *
 * <p>Messages are {@link BusMessage}s (JSON, {@link BusMessageCodec}). Each part of the node that
 * takes a kind of message registers for it with {@link #receive} in its own constructor: {@link
 * ClusterDeviceRouter} the feed deliveries, ephemeral frames and disconnects, {@link ReplyChannel}
 * the log's replies. They all come in through this one subscription connection and are handed out
 * by kind, so a node channel carries every kind without any receiver knowing of the others.
 *
 * <p>Delivery is at most once: a message published while a subscriber's connection is down is lost.
 * Lettuce reconnects and resubscribes by itself; the {@link #onResubscribed} hooks then run so the
 * node re-reads from the durable feeds what it may have missed. One pub/sub connection carries the
 * subscriptions (the bus owns it and closes it), another, shared, connection publishes, and a third
 * carries the feed writer's {@link Batch}es, written to Redis a batch at a time.
 *
 * <p>Receivers run on Lettuce's event loop: they must not block.
 *
 * <p>Open for a Redis Cluster: Lettuce 6.8 sends SSUBSCRIBE on a cluster pub/sub connection to its
 * default node without routing it by slot, so production wiring needs one subscription connection
 * per shard (by the channel's slot owner); the channel layout above stays as it is.
 */
public final class PushBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushBus.class);
  private static final CompletionStage<Long> NOTHING_SENT = CompletableFuture.completedFuture(0L);

  private final StatefulRedisPubSubConnection<String, String> subscriptions;
  private final RedisClusterAsyncCommands<String, String> publisher;
  private final StatefulRedisConnection<String, String> batches;
  private final String userPrefix;
  private final String nodePrefix;
  private final String nodeChannel;
  private final String partitionPrefix;
  private final BusMessageCodec codec = new BusMessageCodec();
  private final Map<Class<? extends BusMessage>, Consumer<BusMessage>> receivers =
      new ConcurrentHashMap<>();
  private final List<Runnable> resubscribedHooks = new CopyOnWriteArrayList<>();
  private volatile boolean started;

  /** Our own SSUBSCRIBEs not confirmed yet; any other confirmation is Lettuce resubscribing. */
  private final Map<String, Integer> pending = new ConcurrentHashMap<>();

  public PushBus(
      StatefulRedisPubSubConnection<String, String> subscriptions,
      RedisClusterAsyncCommands<String, String> publisher,
      StatefulRedisConnection<String, String> batches,
      String prefix,
      String nodeId) {
    this.subscriptions = subscriptions;
    this.publisher = publisher;
    // Commands on it wait for Batch.send: one write, and one wake-up of Lettuce's event loop, for a
    // whole feed or sequencer batch instead of one for each message.
    batches.setAutoFlushCommands(false);
    this.batches = batches;
    this.userPrefix = prefix + "u:";
    this.nodePrefix = prefix + "n:";
    this.nodeChannel = nodePrefix + nodeId;
    this.partitionPrefix = prefix + "p:";
    subscriptions.addListener(new Dispatcher());
  }

  /**
   * Hands every message of {@code kind} that reaches this node, on its own channel or a subscribed
   * user's, to {@code receiver}. One receiver per kind, registered before {@link #start} (receivers
   * do it in their constructors); a message of a kind nobody receives is logged and dropped.
   */
  public <T extends BusMessage> void receive(Class<T> kind, Consumer<? super T> receiver) {
    requireNotStarted();
    Consumer<BusMessage> typed = message -> receiver.accept(kind.cast(message));
    if (receivers.putIfAbsent(kind, typed) != null) {
      throw new IllegalStateException(kind.getSimpleName() + " already has a receiver");
    }
  }

  /**
   * Runs {@code hook} whenever the subscription connection was lost and is subscribed again:
   * messages sent in between were lost, so whatever they carried must be re-read from where it is
   * stored. Registered before {@link #start}.
   */
  public void onResubscribed(Runnable hook) {
    requireNotStarted();
    resubscribedHooks.add(hook);
  }

  /** Subscribes this node's channel; completes once messages to it arrive. */
  public CompletionStage<Void> start() {
    started = true;
    return subscribe(nodeChannel);
  }

  /** Subscribes a user's channel; completes once the user's messages arrive here. */
  public CompletionStage<Void> subscribeUser(String userId) {
    return subscribe(userPrefix + userId);
  }

  public CompletionStage<Void> unsubscribeUser(String userId) {
    return subscriptions.async().sunsubscribe(userPrefix + userId);
  }

  /** Subscribes a feed partition's channel; completes once its messages arrive here. */
  public CompletionStage<Void> subscribePartition(int partition) {
    return subscribe(partitionPrefix + partition);
  }

  public CompletionStage<Void> unsubscribePartition(int partition) {
    return subscriptions.async().sunsubscribe(partitionPrefix + partition);
  }

  /** Publishes to the node that owns the feed partition, if one is subscribed. */
  public CompletionStage<Long> publishToPartition(int partition, BusMessage message) {
    return publisher.spublish(partitionPrefix + partition, codec.encode(message));
  }

  /**
   * Publishes to every node subscribed to the user; completes with how many subscribers Redis
   * reached.
   */
  public CompletionStage<Long> publishToUser(String userId, BusMessage message) {
    return publisher.spublish(userPrefix + userId, codec.encode(message));
  }

  /** Publishes to one node; completes with 1 if it is subscribed, 0 if it is gone. */
  public CompletionStage<Long> publishToNode(String nodeId, BusMessage message) {
    return publisher.spublish(nodePrefix + nodeId, codec.encode(message));
  }

  /**
   * Starts a run of publishes that leave together, in the order made, when {@link Batch#send} is
   * called. Threads may each have a batch (the feed writer's, the sequencer's): they share one
   * connection, so another thread's send may carry some of them sooner, never out of order, and
   * every batch must be sent.
   */
  public Batch batch() {
    return new Batch();
  }

  /** Publishes queued on the batch connection; nothing leaves before {@link #send}. */
  public final class Batch {
    private CompletionStage<Long> last = NOTHING_SENT;

    private Batch() {}

    /** As {@link #publishToUser}, when the batch is sent. */
    public void toUser(String userId, BusMessage message) {
      last = batches.async().spublish(userPrefix + userId, codec.encode(message));
    }

    /** As {@link #publishToNode}, when the batch is sent. */
    public void toNode(String nodeId, BusMessage message) {
      last = batches.async().spublish(nodePrefix + nodeId, codec.encode(message));
    }

    /**
     * Writes everything queued, in order. Completes once Redis has answered the last publish, and
     * so every one before it (a connection's commands are answered in order), or failed.
     */
    public CompletionStage<?> send() {
      batches.flushCommands();
      return last;
    }
  }

  @Override
  public void close() {
    subscriptions.close();
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException("receivers register before the bus starts");
    }
  }

  private void dispatch(String channel, String payload) {
    BusMessage message = codec.decode(payload);
    Consumer<BusMessage> receiver = receivers.get(message.getClass());
    if (receiver == null) {
      LOG.debug("{} on {} has no receiver here", message.getClass().getSimpleName(), channel);
    } else {
      receiver.accept(message);
    }
  }

  private CompletionStage<Void> subscribe(String channel) {
    pending.merge(channel, 1, Integer::sum); // before sending, so the confirmation always finds it
    CompletionStage<Void> subscribed = subscriptions.async().ssubscribe(channel);
    return subscribed.whenComplete(
        (ok, error) -> {
          if (error != null) {
            ownConfirmation(channel); // none will come
          }
        });
  }

  private boolean ownConfirmation(String channel) {
    boolean[] own = new boolean[1];
    pending.computeIfPresent(
        channel,
        (c, n) -> {
          own[0] = true;
          return n == 1 ? null : n - 1;
        });
    return own[0];
  }

  private final class Dispatcher extends RedisPubSubAdapter<String, String> {
    @Override
    public void smessage(String channel, String message) {
      try {
        if (channel.equals(nodeChannel)
            || channel.startsWith(userPrefix)
            || channel.startsWith(partitionPrefix)) {
          dispatch(channel, message);
        }
      } catch (RuntimeException e) {
        LOG.warn("push on {} could not be handled", channel, e);
      }
    }

    @Override
    public void ssubscribed(String channel, long count) {
      // After a reconnect Lettuce resubscribes every shard channel in one SSUBSCRIBE, which Redis
      // applies
      // before answering, so its first confirmation (count 1 on the fresh connection) means all are
      // back.
      if (!ownConfirmation(channel) && count == 1) {
        for (Runnable hook : resubscribedHooks) {
          try {
            hook.run();
          } catch (RuntimeException e) {
            LOG.warn("resubscription could not be handled", e);
          }
        }
      }
    }
  }
}
