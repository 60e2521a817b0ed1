package dev.parley.core.presence;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node presence store: per-user connection sets in a concurrent map (lock per user
 * entry).
 */
public final class LocalPresenceStore implements PresenceStore {
  private final Map<String, Entry> users = new ConcurrentHashMap<>();

  @Override
  public boolean connected(String userId, String connectionId) {
    boolean[] cameOnline = new boolean[1];
    users.compute(
        userId,
        (u, e) -> {
          Entry entry = e == null ? new Entry() : e;
          cameOnline[0] = entry.connections.isEmpty();
          entry.connections.add(connectionId);
          return entry;
        });
    return cameOnline[0];
  }

  @Override
  public boolean disconnected(String userId, String connectionId, long atMillis) {
    boolean[] wentOffline = new boolean[1];
    users.computeIfPresent(
        userId,
        (u, entry) -> {
          if (entry.connections.remove(connectionId) && entry.connections.isEmpty()) {
            wentOffline[0] = true;
            entry.lastSeen = atMillis;
          }
          return entry;
        });
    return wentOffline[0];
  }

  @Override
  public Snapshot snapshot(String userId) {
    Snapshot[] out = {new Snapshot(false, null)};
    users.computeIfPresent(
        userId,
        (u, e) -> {
          out[0] =
              new Snapshot(!e.connections.isEmpty(), e.connections.isEmpty() ? e.lastSeen : null);
          return e;
        });
    return out[0];
  }

  private static final class Entry {
    final Set<String> connections = new HashSet<>(2);
    Long lastSeen;
  }
}
