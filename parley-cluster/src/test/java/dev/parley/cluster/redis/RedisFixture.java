package dev.parley.cluster.redis;

import dev.parley.engines.Engines;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;

/** One Lettuce client on the shared Redis per test class; connections it opened close with it. */
final class RedisFixture implements AutoCloseable {
  final String prefix = Engines.uniqueName("r") + ":";
  private final RedisClient client = RedisClient.create(Engines.redis().uri());
  private final List<AutoCloseable> opened = new ArrayList<>();

  RedisAsyncCommands<String, String> async() {
    StatefulRedisConnection<String, String> connection = client.connect();
    opened.add(connection);
    return connection.async();
  }

  /**
   * A pub/sub connection for a bus, which owns and closes it (the client's shutdown closes it
   * otherwise).
   */
  StatefulRedisPubSubConnection<String, String> pubSub() {
    return client.connectPubSub();
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
