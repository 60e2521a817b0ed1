package dev.parley.server.backend;

import dev.parley.cluster.ClusterNode;
import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.presence.PresenceStore;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.server.config.ClusterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;

/**
 * A node of a cluster: the seams on Kafka, Cassandra and Redis (see {@code dev.parley.cluster}).
 */
public final class ClusterBackend implements Backend {
  private final ClusterConfig config;
  private final ClusterNode node;

  private ClusterBackend(ClusterConfig config, MeterRegistry meters) {
    this.config = config;
    this.node =
        ClusterNode.connect(
            new ClusterNode.Settings(
                config.kafka(),
                config.cassandra().stream().map(ClusterBackend::address).toList(),
                config.cassandraDatacenter(),
                config.redis(),
                config.nodeId(),
                config.name(),
                config.commandPartitions(),
                config.feedPartitions(),
                config.replication()),
            meters);
  }

  public static ClusterBackend connect(ClusterConfig config, MeterRegistry meters) {
    return new ClusterBackend(config, meters);
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(hostPort, 9042);
    }
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  @Override
  public ConversationLog log() {
    return node.log();
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
  public void start(PresenceService presence) {
    node.start(presence::committed);
  }

  @Override
  public boolean healthy() {
    return node.healthy();
  }

  @Override
  public String describe() {
    return "cluster '"
        + config.name()
        + "' node "
        + config.nodeId()
        + " (kafka "
        + config.kafka()
        + ", cassandra "
        + String.join(",", config.cassandra())
        + ", redis "
        + config.redis()
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
