package dev.parley.cluster.redis;

import dev.parley.core.routing.DeviceRouter;
import dev.parley.core.routing.DeviceRouterContract;
import org.junit.jupiter.api.AfterEach;

/** Two routers with their own node ids on one key prefix stand for two nodes sharing one Redis. */
class ClusterDeviceRouterContractTest extends DeviceRouterContract {
  private final RedisFixture redis = new RedisFixture();
  private final ClusterDeviceRouter nodeA = redis.router("node-a", batch -> {});
  private final ClusterDeviceRouter nodeB = redis.router("node-b", batch -> {});

  @AfterEach
  void close() throws Exception {
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
}
