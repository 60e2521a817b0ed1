package dev.parley.cluster.redis;

import dev.parley.core.routing.DeviceRouter;
import dev.parley.core.routing.DeviceRouterContract;
import org.junit.jupiter.api.AfterEach;

/** Two routers with their own node ids on one key prefix stand for two nodes sharing one Redis. */
class ClusterDeviceRouterContractTest extends DeviceRouterContract {
  private final RedisFixture redis = new RedisFixture();
  private final ClusterDeviceRouter nodeA = router("node-a");
  private final ClusterDeviceRouter nodeB = router("node-b");

  @AfterEach
  void close() throws Exception {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @Override
  protected DeviceRouter router() {
    return nodeA;
  }

  @Override
  protected DeviceRouter secondNode() {
    return nodeB;
  }

  private ClusterDeviceRouter router(String nodeId) {
    DeviceRegistry registry =
        new DeviceRegistry(redis.async(), redis.prefix, DeviceRegistry.DEFAULT_TTL);
    ClusterDeviceRouter router =
        new ClusterDeviceRouter(nodeId, registry, redis.pubSub(), redis.async(), redis.prefix);
    router.start().toCompletableFuture().join();
    return router;
  }
}
