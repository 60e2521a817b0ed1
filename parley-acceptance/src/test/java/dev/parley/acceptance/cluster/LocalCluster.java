package dev.parley.acceptance.cluster;

import dev.parley.engines.Engines;
import dev.parley.server.config.ClusterConfig;
import dev.parley.testing.TestServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of Parley nodes over the shared test engines. Each instance gets its own cluster name,
 * so its topics, keyspace and Redis keys are its own; nodes run in this JVM ({@link #startNode}) or
 * as child processes ({@link #args}) for tests that kill them.
 */
final class LocalCluster implements AutoCloseable {
  static final int PARTITIONS = 6;

  private final String name = Engines.uniqueName("c");
  private final List<TestServer> nodes = new ArrayList<>();

  ClusterConfig config(String nodeId) {
    return new ClusterConfig(
        Engines.kafka().bootstrapServers(),
        List.of("127.0.0.1:" + Engines.cassandra().port()),
        "datacenter1",
        "redis://127.0.0.1:" + Engines.redis().port(),
        nodeId,
        name,
        PARTITIONS,
        PARTITIONS,
        1);
  }

  /** The {@code parley server} options of a node of this cluster. */
  List<String> args(String nodeId) {
    ClusterConfig c = config(nodeId);
    return List.of(
        "--mode",
        "cluster",
        "--kafka",
        c.kafka(),
        "--cassandra",
        c.cassandra().get(0),
        "--redis",
        c.redis(),
        "--node-id",
        nodeId,
        "--cluster-name",
        name,
        "--command-partitions",
        Integer.toString(PARTITIONS),
        "--feed-partitions",
        Integer.toString(PARTITIONS));
  }

  TestServer startNode(String nodeId) {
    TestServer node =
        TestServer.start(
            config ->
                config.toBuilder()
                    .cluster(config(nodeId))
                    // nginx (LoadBalancer) in front, as cluster/start.sh runs the nodes.
                    .gateway(config.gateway().withTrustedProxies(List.of("127.0.0.1")))
                    .build());
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
