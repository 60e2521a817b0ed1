package dev.parley.cluster.redis;

import dev.parley.core.presence.PresenceStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Presence shared by every node: each user's open connections in a sorted set scored by expiry
 * time, so the connections of a node that crashed expire by themselves once it stops {@link
 * #refresh refreshing} them.
 *
 * <p>Keys (both tagged with the user id, so a script touching both stays on one cluster slot):
 *
 * <ul>
 *   <li>{@code <prefix>presence:{<userId>}} sorted set, member connection id. A positive score is
 *       an open connection's expiry (Redis server ms, now + ttl); a negative score {@code
 *       -(closedAt + ttl)} marks a closed one for a ttl, so a refresh that raced the close cannot
 *       bring it back. The key expires ttl after its last write.
 *   <li>{@code <prefix>seen:{<userId>}} string: last seen in epoch milliseconds, written on the
 *       offline transition and, as the fallback for a crashed node, on every refresh of a live
 *       connection. No TTL.
 * </ul>
 *
 * <p>Each operation is one Lua script: dropping what expired, checking and changing the set happen
 * atomically, so an online or offline transition is reported by exactly one call even with many
 * nodes. Expiry is measured by the Redis server's clock, never a node's, so nodes with skewed
 * clocks agree. A user whose connections all expired went offline silently (nobody reports it); the
 * next connection reports the user online again. A refresh puts back open connections Redis lost (a
 * restart, an eviction).
 *
 * <p>Methods block: they are called from the presence worker thread, never from a Netty event loop.
 */
public final class RedisPresenceStore implements PresenceStore {
  /**
   * Sets {@code now} (server ms) and drops expired connections and tombstones: scores in (-now,
   * now].
   */
  private static final String NOW_AND_SWEEP =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. -now, now)
      """;

  /**
   * KEYS: presence, seen. ARGV: connection id, ttl ms. Returns 1 if the user was offline before.
   */
  private static final RedisScript<Long> CONNECTED =
      new RedisScript<>(
          NOW_AND_SWEEP
              + """
      local before = redis.call('ZCOUNT', KEYS[1], '(0', '+inf')
      redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      if before == 0 then return 1 end
      return 0
      """,
          ScriptOutputType.INTEGER);

  /**
   * KEYS: presence, seen. ARGV: connection id, at millis, ttl ms. Returns 1 if this closed the
   * user's last open connection. One that expired but was not dropped yet still counts as open
   * here, so a node that refreshed late still reports its user's offline transition.
   */
  private static final RedisScript<Long> DISCONNECTED =
      new RedisScript<>(
          """
      local had = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
      """
              + NOW_AND_SWEEP
              + """
      local ttl = tonumber(ARGV[3])
      redis.call('ZADD', KEYS[1], -(now + ttl), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ttl)
      if had > 0 and redis.call('ZCOUNT', KEYS[1], '(0', '+inf') == 0 then
        redis.call('SET', KEYS[2], ARGV[2])
        return 1
      end
      return 0
      """,
          ScriptOutputType.INTEGER);

  /**
   * KEYS: presence, seen. ARGV: ttl ms, connection ids. Re-arms those connections unless they were
   * closed (re-adding any Redis lost) and returns how many.
   */
  private static final RedisScript<Long> REFRESH =
      new RedisScript<>(
          NOW_AND_SWEEP
              + """
      local armed = 0
      for i = 2, #ARGV do
        local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
        if not score or tonumber(score) > 0 then
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i])
          armed = armed + 1
        end
      end
      if armed > 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], now)
      end
      return armed
      """,
          ScriptOutputType.INTEGER);

  /** KEYS: presence, seen. Returns {online 0/1, last seen or ''}. Read-only. */
  private static final RedisScript<List<Object>> SNAPSHOT =
      new RedisScript<>(
          """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      if redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf') > 0 then return {1, ''} end
      return {0, redis.call('GET', KEYS[2]) or ''}
      """,
          ScriptOutputType.MULTI);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final String prefix;
  private final String ttlMillis;

  public RedisPresenceStore(
      RedisClusterAsyncCommands<String, String> redis, String prefix, Duration ttl) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttlMillis = Long.toString(ttl.toMillis());
  }

  @Override
  public boolean connected(String userId, String connectionId) {
    return Await.result(CONNECTED.run(redis, keys(userId), connectionId, ttlMillis)) == 1L;
  }

  @Override
  public boolean disconnected(String userId, String connectionId, long atMillis) {
    return Await.result(
            DISCONNECTED.run(redis, keys(userId), connectionId, Long.toString(atMillis), ttlMillis))
        == 1L;
  }

  @Override
  public Snapshot snapshot(String userId) {
    List<Object> reply = Await.result(SNAPSHOT.run(redis, keys(userId)));
    boolean online = ((Long) reply.get(0)) == 1L;
    String seen = reply.get(1).toString();
    return new Snapshot(online, online || seen.isEmpty() ? null : Long.valueOf(seen));
  }

  /**
   * Re-arms this node's open connections, per user; the node calls it every ttl/3 so its
   * connections never expire while it lives, and after a Redis restart this puts them back. A
   * connection closed meanwhile stays closed. One script per user, pipelined; returns when all have
   * answered.
   */
  public void refresh(Map<String, ? extends Collection<String>> connectionsByUser) {
    List<CompletableFuture<Long>> replies = new ArrayList<>(connectionsByUser.size());
    connectionsByUser.forEach(
        (userId, connections) -> {
          if (!connections.isEmpty()) {
            List<String> args = new ArrayList<>(connections.size() + 1);
            args.add(ttlMillis);
            args.addAll(connections);
            replies.add(
                REFRESH
                    .run(redis, keys(userId), args.toArray(String[]::new))
                    .toCompletableFuture());
          }
        });
    Await.result(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)));
  }

  private String[] keys(String userId) {
    return new String[] {prefix + "presence:{" + userId + "}", prefix + "seen:{" + userId + "}"};
  }
}
