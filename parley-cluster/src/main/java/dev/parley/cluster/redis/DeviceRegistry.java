package dev.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which node holds each connected device's session, so a newer session of a device elsewhere can
 * close the old one and a revocation reaches the right node.
 *
 * <p>Key: {@code <prefix>device:<deviceId>} string = node id, expiring {@code ttl} (30 s by
 * default) after the last register or refresh; a crashed node's registrations disappear within that
 * time. Ownership changes only by {@link #register}: refresh and unregister compare the owner first
 * (Lua), so a node whose session was replaced can neither extend nor delete the newer node's
 * registration.
 *
 * <p>Every method is non-blocking: they are called from connection handling.
 */
public final class DeviceRegistry {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /**
   * KEYS: device. ARGV: node, ttl ms. Re-arms the key if this node owns it, and sets it again if it
   * expired meanwhile (a late heartbeat must not leave a live session unregistered); another node's
   * key is left.
   */
  private static final RedisScript<Long> REFRESH =
      new RedisScript<>(
          """
      local owner = redis.call('GET', KEYS[1])
      if owner == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      elseif not owner then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """,
          ScriptOutputType.INTEGER);

  /** KEYS: device. ARGV: node. Deletes the key only if this node still owns it. */
  private static final RedisScript<Long> UNREGISTER =
      new RedisScript<>(
          """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """,
          ScriptOutputType.INTEGER);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final String prefix;
  private final Duration ttl;
  private final String ttlMillis;

  public DeviceRegistry(
      RedisClusterAsyncCommands<String, String> redis, String prefix, Duration ttl) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttl = ttl;
    this.ttlMillis = Long.toString(ttl.toMillis());
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * Registers the device at {@code nodeId}; returns the node it was registered at before if that is
   * another node, which still holds an older session of the device and should close it.
   */
  public CompletionStage<Optional<String>> register(String deviceId, String nodeId) {
    return redis
        .setGet(key(deviceId), nodeId, SetArgs.Builder.px(ttl))
        .thenApply(before -> Optional.ofNullable(before).filter(node -> !node.equals(nodeId)));
  }

  /**
   * Re-arms the registrations of these devices still owned by {@code nodeId} (one pipelined script
   * each).
   */
  public CompletionStage<Void> refresh(Collection<String> deviceIds, String nodeId) {
    CompletableFuture<?>[] replies =
        deviceIds.stream()
            .map(
                device ->
                    REFRESH
                        .run(redis, new String[] {key(device)}, nodeId, ttlMillis)
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(replies);
  }

  /** Removes the registration if {@code nodeId} still owns it; true if it did. */
  public CompletionStage<Boolean> unregister(String deviceId, String nodeId) {
    return UNREGISTER
        .run(redis, new String[] {key(deviceId)}, nodeId)
        .thenApply(deleted -> deleted == 1L);
  }

  /** The node holding the device's session, if it is registered. */
  public CompletionStage<Optional<String>> nodeOf(String deviceId) {
    return redis.get(key(deviceId)).thenApply(Optional::ofNullable);
  }

  private String key(String deviceId) {
    return prefix + "device:" + deviceId;
  }
}
