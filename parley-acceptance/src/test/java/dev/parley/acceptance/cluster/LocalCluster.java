package dev.parley.acceptance.cluster;

import static dev.parley.server.config.ServerOptions.CASSANDRA;
import static dev.parley.server.config.ServerOptions.CLUSTER_NAME;
import static dev.parley.server.config.ServerOptions.COMMAND_PARTITIONS;
import static dev.parley.server.config.ServerOptions.FEED_PARTITIONS;
import static dev.parley.server.config.ServerOptions.KAFKA;
import static dev.parley.server.config.ServerOptions.MODE;
import static dev.parley.server.config.ServerOptions.NODE_ID;
import static dev.parley.server.config.ServerOptions.REDIS;
import static dev.parley.server.config.ServerOptions.TRUSTED_PROXIES;

import dev.parley.engines.Engines;
import dev.parley.server.config.Option;
import dev.parley.server.config.ServerConfig;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster of Parley nodes over the shared test engines. Each instance gets its own cluster name,
 * so its topics, keyspace and Redis keys are its own; nodes run in this JVM ({@link #startNode}) or
 * as child processes ({@link #args}) for tests that kill them. Both take the same options.
 */
final class LocalCluster implements AutoCloseable {
  static final int PARTITIONS = 6;

  private final String name = Engines.uniqueName("c");
  private final List<TestServer> nodes = new ArrayList<>();

  /** The {@code parley server} options of a node of this cluster, as they are written. */
  private Map<Option<?>, String> options(String nodeId) {
    Map<Option<?>, String> options = new LinkedHashMap<>();
    options.put(MODE, "cluster");
    options.put(KAFKA, Engines.kafka().bootstrapServers());
    options.put(CASSANDRA, "127.0.0.1:" + Engines.cassandra().port());
    options.put(REDIS, "redis://127.0.0.1:" + Engines.redis().port());
    options.put(NODE_ID, nodeId);
    options.put(CLUSTER_NAME, name);
    options.put(COMMAND_PARTITIONS, Integer.toString(PARTITIONS));
    options.put(FEED_PARTITIONS, Integer.toString(PARTITIONS));
    // nginx (LoadBalancer) in front, as cluster/start.sh runs the nodes.
    options.put(TRUSTED_PROXIES, "127.0.0.1");
    return options;
  }

  /** The command line of a node of this cluster. */
  List<String> args(String nodeId) {
    List<String> args = new ArrayList<>();
    options(nodeId)
        .forEach(
            (option, value) -> {
              args.add(option.flag());
              args.add(value);
            });
    return args;
  }

  TestServer startNode(String nodeId) {
    TestServer node =
        TestServer.start(
            config -> {
              ServerConfig.Builder builder = config.toBuilder();
              options(nodeId).forEach(builder::parse);
              return builder.build();
            });
    nodes.add(node);
    return node;
  }

  @Override
  public void close() {
    for (TestServer node : nodes) {
      node.close();
    }
  }
}
