package dev.parley.cluster.redis;

import dev.parley.core.log.CommitListener;
import dev.parley.engines.Engines;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One Lettuce client on the shared Redis per test class; connections it opened close with it. */
final class RedisFixture implements AutoCloseable {
  final String prefix = Engines.uniqueName("r") + ":";
  private final RedisClient client = RedisClient.create(Engines.redis().uri());
  private final List<AutoCloseable> opened = new ArrayList<>();

  RedisAsyncCommands<String, String> async() {
    return connection().async();
  }

  /** A connection of its own, closed with the fixture. */
  StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> connection = client.connect();
    opened.add(connection);
    return connection;
  }

  /**
   * A pub/sub connection for a bus, which owns and closes it (the client's shutdown closes it
   * otherwise).
   */
  StatefulRedisPubSubConnection<String, String> pubSub() {
    return client.connectPubSub();
  }

  /** A bus of its own for node {@code nodeId}, closed with the fixture; not started. */
  PushBus bus(String nodeId) {
    PushBus bus = new PushBus(pubSub(), async(), connection(), prefix, nodeId);
    opened.add(0, bus); // closed before the connections it publishes on
    return bus;
  }

  /**
   * A started router for node {@code nodeId} on a bus of its own, closed with the fixture; what it
   * delivers to its sessions goes to {@code delivered}.
   */
  ClusterDeviceRouter router(String nodeId, CommitListener delivered) {
    return router(nodeId, delivered, groupFanOut());
  }

  /** As {@link #router(String, CommitListener)}, with the users' groups from {@code groups}. */
  ClusterDeviceRouter router(String nodeId, CommitListener delivered, GroupFanOut groups) {
    PushBus bus = bus(nodeId);
    ClusterDeviceRouter router =
        new ClusterDeviceRouter(
            nodeId, new DeviceRegistry(async(), prefix, DeviceRegistry.DEFAULT_TTL), bus, groups);
    opened.add(0, router);
    router.start(delivered);
    bus.start().toCompletableFuture().join();
    return router;
  }

  /** Group fan-out over this Redis, for users in no group and a feed topic of one partition. */
  GroupFanOut groupFanOut() {
    return new GroupFanOut(
        new GroupNodes(async(), prefix, DeviceRegistry.DEFAULT_TTL),
        user -> 0,
        user -> CompletableFuture.completedFuture(List.of()));
  }

  /**
   * Kills every connection of this Redis that holds a shard channel subscription, as a network cut
   * would.
   */
  void killSubscribers() {
    var admin = client.connect();
    try {
      for (String line : admin.sync().clientList().split("\n")) {
        if (line.contains(" ssub=") && !line.contains(" ssub=0 ")) {
          String id =
              line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
          admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
        }
      }
    } finally {
      admin.close();
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    client.shutdown();
  }
}
