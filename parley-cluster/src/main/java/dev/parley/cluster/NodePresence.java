package dev.parley.cluster;

import dev.parley.cluster.redis.RedisPresenceStore;
import dev.parley.core.presence.PresenceStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence in Redis, plus the list of this node's own open connections, which the node re-arms in
 * Redis periodically: a node that dies stops re-arming, and its connections expire there by
 * themselves.
 */
final class NodePresence implements PresenceStore {
  private final RedisPresenceStore redis;
  private final Map<String, Set<String>> local = new ConcurrentHashMap<>();

  NodePresence(RedisPresenceStore redis) {
    this.redis = redis;
  }

  @Override
  public boolean connected(String userId, String connectionId) {
    local.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(connectionId);
    return redis.connected(userId, connectionId);
  }

  @Override
  public boolean disconnected(String userId, String connectionId, long atMillis) {
    local.computeIfPresent(
        userId,
        (u, set) -> {
          set.remove(connectionId);
          return set.isEmpty() ? null : set;
        });
    return redis.disconnected(userId, connectionId, atMillis);
  }

  @Override
  public Snapshot snapshot(String userId) {
    return redis.snapshot(userId);
  }

  /** Re-arms this node's connections (its {@code RefreshSchedule}'s thread: may block). */
  void refresh() {
    redis.refresh(Map.copyOf(local));
  }
}
