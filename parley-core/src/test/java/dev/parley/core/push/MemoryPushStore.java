package dev.parley.core.push;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link PushStore} in memory that counts its queue writes, for tests of the push thread. */
final class MemoryPushStore implements PushStore {
  private final Map<String, PushTarget> targets = new ConcurrentHashMap<>();
  private final Map<String, Mute> mutes = new ConcurrentHashMap<>();
  private final Map<String, PushNotification> queued = new ConcurrentHashMap<>();

  /** Store calls that wrote queue entries: one per {@link #writeQueued} or single save/remove. */
  final AtomicInteger queueWrites = new AtomicInteger();

  @Override
  public List<PushTarget> targets() {
    return new ArrayList<>(targets.values());
  }

  @Override
  public List<PushTarget> targets(String userId) {
    return targets.values().stream().filter(t -> t.userId().equals(userId)).toList();
  }

  @Override
  public void saveTarget(PushTarget target) {
    targets.put(target.userId() + "/" + target.deviceId(), target);
  }

  @Override
  public void removeTarget(String userId, String deviceId, String key) {
    targets.computeIfPresent(
        userId + "/" + deviceId, (k, t) -> key == null || t.key().equals(key) ? null : t);
  }

  @Override
  public List<Mute> mutes() {
    return new ArrayList<>(mutes.values());
  }

  @Override
  public List<Mute> mutes(String userId) {
    return mutes.values().stream().filter(m -> m.userId().equals(userId)).toList();
  }

  @Override
  public void saveMute(Mute mute) {
    mutes.put(mute.userId() + "/" + mute.conv(), mute);
  }

  @Override
  public void removeMute(String userId, String conv) {
    mutes.remove(userId + "/" + conv);
  }

  @Override
  public List<PushNotification> queued() {
    return new ArrayList<>(queued.values());
  }

  @Override
  public void saveQueued(PushNotification notification) {
    queueWrites.incrementAndGet();
    queued.put(notification.id(), notification);
  }

  @Override
  public void removeQueued(String id) {
    queueWrites.incrementAndGet();
    queued.remove(id);
  }

  @Override
  public void writeQueued(Collection<PushNotification> saves, Collection<String> removals) {
    queueWrites.incrementAndGet();
    saves.forEach(n -> queued.put(n.id(), n));
    removals.forEach(queued::remove);
  }
}
