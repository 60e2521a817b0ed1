package dev.parley.cluster.redis;

import dev.parley.core.presence.PresenceStore;
import dev.parley.core.presence.PresenceStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Two store instances on one key prefix stand for two nodes sharing one Redis. */
class RedisPresenceStoreContractTest extends PresenceStoreContract {
  private static final Duration TTL = Duration.ofSeconds(30);

  private final RedisFixture redis = new RedisFixture();
  private final RedisPresenceStore nodeA = new RedisPresenceStore(redis.async(), redis.prefix, TTL);
  private final RedisPresenceStore nodeB = new RedisPresenceStore(redis.async(), redis.prefix, TTL);

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Override
  protected PresenceStore store() {
    return nodeA;
  }

  @Override
  protected PresenceStore secondNode() {
    return nodeB;
  }
}
