package dev.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which nodes host sessions of a group's members, per feed partition, so a group event is pushed
 * once to each of those nodes instead of once per member.
 *
 * <p>Key: {@code <prefix>group-nodes:<group>:<partition>} sorted set, node id -&gt; expiry (Redis
 * ms). A node adds itself when a session of a member whose feed lives in {@code partition} attaches
 * there (or when such a user is added to the group), re-arms its entries every ttl/3 and removes
 * itself when its last such session leaves; a crashed node's entries expire within the ttl, and
 * every registration prunes expired entries. The key itself expires ttl after the last
 * registration. Redis's clock decides expiry ({@code TIME}), so the nodes' clocks do not matter.
 */
public final class GroupNodes {
  /** A group's members whose feeds live in one partition of the feed topic. */
  public record Slice(String group, int partition) {}

  /**
   * KEYS: slice. ARGV: node, ttl ms. Returns 1 if the node was not (or no longer) there: a refresh
   * that re-adds a node tells it that pushes may have missed it meanwhile.
   */
  private static final RedisScript<Long> REGISTER =
      new RedisScript<>(
          """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      local added = redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return added
      """,
          ScriptOutputType.INTEGER);

  /** KEYS: slice. The nodes whose entries have not expired. */
  private static final RedisScript<List<Object>> NODES =
      new RedisScript<>(
          """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      return redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')
      """,
          ScriptOutputType.MULTI);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final String prefix;
  private final Duration ttl;
  private final String ttlMillis;

  public GroupNodes(RedisClusterAsyncCommands<String, String> redis, String prefix, Duration ttl) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttl = ttl;
    this.ttlMillis = Long.toString(ttl.toMillis());
  }

  public Duration ttl() {
    return ttl;
  }

  /** Adds (or re-arms) {@code node} for the slice; true if it was not there. */
  public CompletionStage<Boolean> register(Slice slice, String node) {
    return REGISTER.run(redis, new String[] {key(slice)}, node, ttlMillis).thenApply(n -> n == 1L);
  }

  public CompletionStage<Void> unregister(Slice slice, String node) {
    return redis.zrem(key(slice), node).thenApply(n -> null);
  }

  /** The live nodes of each slice (one pipelined script each). */
  public CompletionStage<Map<Slice, List<String>>> nodesOf(Collection<Slice> slices) {
    Map<Slice, CompletableFuture<List<Object>>> replies = new LinkedHashMap<>();
    for (Slice slice : slices) {
      replies.put(slice, NODES.run(redis, new String[] {key(slice)}).toCompletableFuture());
    }
    return CompletableFuture.allOf(replies.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<Slice, List<String>> nodes = new LinkedHashMap<>();
              replies.forEach(
                  (slice, reply) ->
                      nodes.put(slice, reply.join().stream().map(String::valueOf).toList()));
              return nodes;
            });
  }

  private String key(Slice slice) {
    return prefix + "group-nodes:" + slice.group() + ":" + slice.partition();
  }
}
