package dev.parley.server.backend;

import static dev.parley.server.config.ServerOptions.CASSANDRA;
import static dev.parley.server.config.ServerOptions.CASSANDRA_DATACENTER;
import static dev.parley.server.config.ServerOptions.CASSANDRA_MAX_REQUESTS;
import static dev.parley.server.config.ServerOptions.CLUSTER_NAME;
import static dev.parley.server.config.ServerOptions.COMMAND_PARTITIONS;
import static dev.parley.server.config.ServerOptions.FEED_COMMIT_INTERVAL;
import static dev.parley.server.config.ServerOptions.FEED_MAX_BATCH;
import static dev.parley.server.config.ServerOptions.FEED_PARTITIONS;
import static dev.parley.server.config.ServerOptions.KAFKA;
import static dev.parley.server.config.ServerOptions.KAFKA_LINGER;
import static dev.parley.server.config.ServerOptions.KAFKA_SESSION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.KAFKA_TRANSACTION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.NODE_ID;
import static dev.parley.server.config.ServerOptions.PORT;
import static dev.parley.server.config.ServerOptions.RECENT_MESSAGES;
import static dev.parley.server.config.ServerOptions.RECENT_MESSAGES_TTL;
import static dev.parley.server.config.ServerOptions.REDIS;
import static dev.parley.server.config.ServerOptions.REPLICATION;
import static dev.parley.server.config.ServerOptions.REPLY_TIMEOUT;
import static dev.parley.server.config.ServerOptions.SEQUENCER_CACHE;
import static dev.parley.server.config.ServerOptions.SEQUENCER_COMMIT_INTERVAL;
import static dev.parley.server.config.ServerOptions.SEQUENCER_MAX_BATCH;

import dev.parley.cluster.ClusterNode;
import dev.parley.cluster.ClusterSettings;
import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.presence.PresenceStore;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushStore;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.server.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A node of a cluster: the seams on Kafka, Cassandra and Redis (see {@code dev.parley.cluster}).
 */
public final class ClusterBackend implements Backend {
  private final ClusterSettings settings;
  private final ClusterNode node;

  private ClusterBackend(ClusterSettings settings, GroupLimits groups, MeterRegistry meters) {
    this.settings = settings;
    this.node = ClusterNode.connect(settings, groups, meters);
  }

  public static ClusterBackend connect(ServerConfig config, MeterRegistry meters) {
    return new ClusterBackend(settings(config), config.groupLimits(), meters);
  }

  /** The cluster options as the cluster module takes them. */
  static ClusterSettings settings(ServerConfig config) {
    return new ClusterSettings(
        config.get(KAFKA),
        config.get(CASSANDRA),
        config.get(CASSANDRA_DATACENTER),
        config.get(REDIS),
        nodeId(config),
        config.get(CLUSTER_NAME),
        config.get(COMMAND_PARTITIONS),
        config.get(FEED_PARTITIONS),
        config.get(REPLICATION),
        config.get(REPLY_TIMEOUT),
        config.get(SEQUENCER_MAX_BATCH),
        config.get(SEQUENCER_COMMIT_INTERVAL),
        config.get(FEED_MAX_BATCH),
        config.get(SEQUENCER_CACHE),
        config.get(KAFKA_SESSION_TIMEOUT),
        config.get(KAFKA_TRANSACTION_TIMEOUT),
        config.get(KAFKA_LINGER),
        config.get(FEED_COMMIT_INTERVAL),
        config.get(CASSANDRA_MAX_REQUESTS),
        config.get(RECENT_MESSAGES),
        config.get(RECENT_MESSAGES_TTL));
  }

  /** {@code --node-id}, or this host's name and port: unique unless two nodes share both. */
  private static String nodeId(ServerConfig config) {
    String id = config.get(NODE_ID);
    return id != null ? id : hostName() + "-" + config.get(PORT);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "_");
    } catch (UnknownHostException e) {
      return "node";
    }
  }

  @Override
  public ConversationLog log() {
    return node.log();
  }

  @Override
  public GroupStore groups() {
    return node.groups();
  }

  @Override
  public HistoryStore history() {
    return node.history();
  }

  @Override
  public FeedStore feeds() {
    return node.feeds();
  }

  @Override
  public AccountStore accounts() {
    return node.accounts();
  }

  @Override
  public DeviceRouter router() {
    return node.router();
  }

  @Override
  public PresenceStore presence() {
    return node.presence();
  }

  @Override
  public Optional<PushStore> pushStore() {
    return Optional.of(node.pushStore());
  }

  @Override
  public Predicate<String> deviceOnline() {
    return node::connectedAnywhere;
  }

  @Override
  public void start(PresenceService presence, PushService push) {
    node.start(presence::committed, push);
  }

  @Override
  public boolean healthy() {
    return node.healthy();
  }

  @Override
  public String describe() {
    return "cluster '"
        + settings.name()
        + "' node "
        + settings.nodeId()
        + " (kafka "
        + settings.kafka()
        + ", cassandra "
        + CASSANDRA.format(settings.cassandra())
        + ", redis "
        + settings.redisUri()
        + ")";
  }

  @Override
  public void stopWrites() {
    node.stopWrites();
  }

  @Override
  public void close() {
    node.close();
  }
}
