package dev.parley.core.routing;

import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.LiveEntries;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.Committed;
import dev.parley.core.presence.EphemeralEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single-node router: sessions indexed by user and device in concurrent maps; no global lock.
 */
public final class LocalDeviceRouter implements DeviceRouter {
  private final Map<String, Map<String, SessionFeed>> byUser = new ConcurrentHashMap<>();
  private final Map<String, SessionFeed> byDevice = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  @Override
  public Optional<SessionFeed> attach(SessionFeed feed) {
    String device = feed.session().deviceId();
    SessionFeed previous = byDevice.put(device, feed);
    byUser
        .computeIfAbsent(feed.session().userId(), u -> new ConcurrentHashMap<>())
        .put(device, feed);
    if (previous == null) {
      count.incrementAndGet();
    }
    return Optional.ofNullable(previous);
  }

  @Override
  public void detach(SessionFeed feed) {
    String device = feed.session().deviceId();
    if (byDevice.remove(device, feed)) {
      count.decrementAndGet();
      byUser.computeIfPresent(
          feed.session().userId(),
          (u, devices) -> {
            devices.remove(device, feed);
            return devices.isEmpty() ? null : devices;
          });
    }
  }

  @Override
  public void disconnect(String deviceId, SessionEnd why, String reason) {
    SessionFeed feed = byDevice.get(deviceId);
    if (feed != null) {
      detach(feed);
      feed.session().close(why, reason);
    }
  }

  @Override
  public int pushToUser(String userId, EphemeralEvent event, String exceptDevice) {
    Map<String, SessionFeed> devices = byUser.get(userId);
    if (devices == null) {
      return 0;
    }
    int n = 0;
    for (SessionFeed feed : devices.values()) {
      if (!feed.session().deviceId().equals(exceptDevice)) {
        feed.session().push(event);
        n++;
      }
    }
    return n;
  }

  @Override
  public Collection<SessionFeed> sessions() {
    return List.copyOf(byDevice.values());
  }

  @Override
  public boolean attached(String deviceId) {
    return byDevice.containsKey(deviceId);
  }

  @Override
  public int sessionCount(String userId) {
    Map<String, SessionFeed> devices = byUser.get(userId);
    return devices == null ? 0 : devices.size();
  }

  @Override
  public int sessionCount() {
    return count.get();
  }

  @Override
  public void committed(List<Committed> batch) {
    // One offer per session per batch, so a device gets one frame for all it is owed from this
    // commit.
    Map<SessionFeed, List<FeedEntry>> owed = new IdentityHashMap<>();
    for (Committed c : batch) {
      FeedEntry entry = new FeedEntry(c.pos(), c.event());
      for (String user : c.audience()) {
        Map<String, SessionFeed> devices = byUser.get(user);
        if (devices == null) {
          continue;
        }
        for (SessionFeed feed : devices.values()) {
          if (!feed.session().deviceId().equals(c.originDevice())) {
            owed.computeIfAbsent(feed, f -> new ArrayList<>()).add(entry);
          }
        }
      }
    }
    // Sessions owed the same entries (a group's members) get one shared instance, so they push one
    // shared batch.
    Map<List<FeedEntry>, LiveEntries> shared = new HashMap<>();
    owed.forEach((feed, entries) -> feed.offer(shared.computeIfAbsent(entries, LiveEntries::new)));
  }
}
