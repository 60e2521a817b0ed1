package dev.parley.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.parley.cluster.cassandra.CassandraAccountStore;
import dev.parley.cluster.cassandra.CassandraFeedStore;
import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.CassandraHistoryStore;
import dev.parley.cluster.cassandra.CassandraSchema;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.cluster.cassandra.SetUpStatements;
import dev.parley.cluster.kafka.ClusterTopics;
import dev.parley.cluster.kafka.KafkaConversationLog;
import dev.parley.cluster.kafka.PendingAppends;
import dev.parley.cluster.redis.ClusterDeviceRouter;
import dev.parley.cluster.redis.DeviceRegistry;
import dev.parley.cluster.redis.GroupFanOut;
import dev.parley.cluster.redis.GroupNodes;
import dev.parley.cluster.redis.PushBus;
import dev.parley.cluster.redis.RecentMessageCache;
import dev.parley.cluster.redis.RedisPresenceStore;
import dev.parley.cluster.redis.RefreshSchedule;
import dev.parley.cluster.redis.ReplyChannel;
import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.presence.PresenceStore;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushStore;
import dev.parley.core.routing.DeviceRouter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster: every seam of the core on Kafka, Cassandra and Redis, connected and wired.
 * The cluster's {@code name} names its topics, keyspace and Redis keys; every node of a cluster
 * passes the same name and partition counts, and its own {@code nodeId}.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterSettings settings;
  private final CqlSession cassandra;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> subscriptions;
  private final StatefulRedisConnection<String, String> batched;
  private final CassandraAccountStore accounts;
  private final CassandraFeedStore feeds;
  private final CassandraGroupStore groups;
  private final HistoryStore history;
  private final NodePresence presence;
  private final RefreshSchedule presenceRefresh;
  private final PushBus bus;
  private final ClusterDeviceRouter router;
  private final KafkaConversationLog log;
  private final ClusterPush push;

  private ClusterNode(ClusterSettings settings, GroupLimits groupLimits, MeterRegistry meters) {
    this.settings = settings;
    String keyspace = settings.keyspace();
    String prefix = settings.redisPrefix();
    // A sequencer batch behind a backlog writes thousands of rows at once; the driver's default of
    // 1,024 requests in flight per connection would refuse part of it, and the batch would be
    // retried whole. Set-up work (schema agreement, metadata) waits longer than a request does.
    DriverConfigLoader driverConfig =
        SetUpStatements.withSetUpTimeouts(DriverConfigLoader.programmaticBuilder())
            .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, settings.cassandraMaxRequests())
            .build();
    cassandra =
        CqlSession.builder()
            .addContactPoints(settings.cassandra())
            .withLocalDatacenter(settings.cassandraDatacenter())
            .withConfigLoader(driverConfig)
            .build();
    CassandraSchema.create(cassandra, keyspace, settings.replication());
    accounts = new CassandraAccountStore(cassandra, keyspace);
    feeds =
        new CassandraFeedStore(cassandra, keyspace, new FeedPartitions(settings.feedPartitions()));
    groups = new CassandraGroupStore(cassandra, keyspace);
    redisClient = RedisClient.create(settings.redisUri());
    redis = redisClient.connect();
    subscriptions = redisClient.connectPubSub();
    // Commands on it wait for a flush: each batch of the feed writer or the sequencer (deliveries,
    // replies, cache updates) leaves in one write.
    batched = redisClient.connect();
    RecentMessageCache cache =
        new RecentMessageCache(
            redis.async(),
            batched,
            prefix,
            settings.recentMessages(),
            settings.recentMessagesTtl());
    history = new CachedHistoryStore(new CassandraHistoryStore(cassandra, keyspace), cache, meters);
    presence =
        new NodePresence(new RedisPresenceStore(redis.async(), prefix, DeviceRegistry.DEFAULT_TTL));
    presenceRefresh =
        new RefreshSchedule(
            "presence-refresh-" + settings.nodeId(), DeviceRegistry.DEFAULT_TTL, presence::refresh);
    // One bus carries the router's messages and the log's replies: each registers for its kinds in
    // its constructor, and start() starts the bus after them.
    bus = new PushBus(subscriptions, redis.async(), batched, prefix, settings.nodeId());
    router =
        new ClusterDeviceRouter(
            settings.nodeId(),
            new DeviceRegistry(redis.async(), prefix, DeviceRegistry.DEFAULT_TTL),
            bus,
            new GroupFanOut(
                new GroupNodes(redis.async(), prefix, DeviceRegistry.DEFAULT_TTL),
                new FeedPartitions(settings.feedPartitions())::of,
                groups::currentGroupsOf));
    push = new ClusterPush(bus, new FeedPartitions(settings.feedPartitions()), cassandra, keyspace);
    PendingAppends appends = new PendingAppends();
    ReplyChannel replies = new ReplyChannel(bus, appends::complete);
    ClusterTopics.ensure(settings);
    log =
        new KafkaConversationLog(
            settings,
            new SequencerTables(cassandra, keyspace),
            feeds,
            groups,
            groupLimits,
            accounts,
            appends,
            replies::send,
            messages ->
                cache
                    .add(messages)
                    .exceptionally(
                        e -> {
                          LOG.debug("recent-message cache not updated: {}", e.toString());
                          return null;
                        }),
            meters);
  }

  /**
   * Connects to the engines, creating the keyspace and topics if this is the cluster's first node.
   */
  public static ClusterNode connect(
      ClusterSettings settings, GroupLimits groupLimits, MeterRegistry meters) {
    return new ClusterNode(settings, groupLimits, meters);
  }

  /**
   * Routes what the feed writers commit to the nodes holding the devices, hands what reaches this
   * node's devices to {@code delivered} (presence) and what its feed writer commits to {@code
   * pushService} (null: no push notifications), and starts sequencing.
   */
  public void start(CommitListener delivered, PushService pushService) {
    if (pushService == null) {
      log.setFeedListener(router::publish);
    } else {
      push.start(pushService);
      log.setFeedOwnershipListener(push::owned);
      log.setFeedListener(
          batch -> {
            CompletionStage<?> published = router.publish(batch);
            pushService.committed(batch);
            return published;
          });
    }
    router.start(delivered);
    presenceRefresh.start();
    try {
      bus.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot subscribe this node's channel in Redis: " + e.getMessage(), e);
    }
    log.start();
    LOG.info("cluster node {} of '{}' started", settings.nodeId(), settings.name());
  }

  public ConversationLog log() {
    return log;
  }

  public HistoryStore history() {
    return history;
  }

  public FeedStore feeds() {
    return feeds;
  }

  public GroupStore groups() {
    return groups;
  }

  public AccountStore accounts() {
    return accounts;
  }

  public DeviceRouter router() {
    return router;
  }

  public PresenceStore presence() {
    return presence;
  }

  /** Push targets, mutes and queued notifications of the users of this node's feed partitions. */
  public PushStore pushStore() {
    return push.store();
  }

  /** Whether the device has a session on any node of the cluster (may wait on Redis). */
  public boolean connectedAnywhere(String deviceId) {
    return router.connectedAnywhere(deviceId);
  }

  /** Whether the engines answer: Cassandra has a live node and Redis is connected. */
  public boolean healthy() {
    return redis.isOpen()
        && !cassandra.isClosed()
        && cassandra.getMetadata().getNodes().values().stream()
            .anyMatch(n -> n.getState() == com.datastax.oss.driver.api.core.metadata.NodeState.UP);
  }

  /** Stops sequencing and feed writing; pending appends fail as retryable. */
  public void stopWrites() {
    log.close();
  }

  @Override
  public void close() {
    presenceRefresh.close();
    router.close();
    bus.close();
    subscriptions.close();
    batched.close();
    redis.close();
    redisClient.shutdown();
    cassandra.close();
  }
}
