package dev.parley.core.push;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Devices' push targets and users' mutes, all in memory for the planner's per-message lookups (a
 * message to a 10,000-member group asks 10,000 users), written through to the {@link PushStore}.
 * Written by account requests, read by the push thread: concurrent maps, no other lock.
 *
 * <p>In cluster mode the maps hold the users this node serves (its feed partitions), kept current
 * by {@link #reload(String)} when another node changed a user's registrations and by {@link
 * #reloadAll()} when the partitions move; what a device or a user asks about their own
 * registrations is read from the store, which every node shares.
 */
public final class PushRegistry {
  private final PushStore store;
  private final Consumer<String> lastTargetGone;

  /** user → device → target. */
  private final Map<String, Map<String, PushTarget>> targets = new ConcurrentHashMap<>();

  /** device → user, to forget a revoked device's target. */
  private final Map<String, String> userOfDevice = new ConcurrentHashMap<>();

  /** user → conv → muted until (epoch ms). */
  private final Map<String, Map<String, Long>> mutes = new ConcurrentHashMap<>();

  public PushRegistry(PushStore store) {
    this(store, user -> {});
  }

  /**
   * @param lastTargetGone told the user id when a user's last registered device is removed
   */
  PushRegistry(PushStore store, Consumer<String> lastTargetGone) {
    this.store = store;
    this.lastTargetGone = lastTargetGone;
    reloadAll();
  }

  /** Reads every target and mute this node serves from the store again. */
  public void reloadAll() {
    List<PushTarget> allTargets = store.targets();
    List<PushStore.Mute> allMutes = store.mutes();
    targets.clear();
    userOfDevice.clear();
    mutes.clear();
    allTargets.forEach(this::remember);
    allMutes.forEach(m -> mutesOf(m.userId()).put(m.conv(), m.until()));
  }

  /** Reads the user's targets and mutes from the store again (another node changed them). */
  public void reload(String userId) {
    List<PushTarget> stored = store.targets(userId);
    List<PushStore.Mute> storedMutes = store.mutes(userId);
    Map<String, PushTarget> before = targets.remove(userId);
    if (before != null) {
      before.keySet().forEach(userOfDevice::remove);
    }
    stored.forEach(this::remember);
    mutes.remove(userId);
    storedMutes.forEach(m -> mutesOf(m.userId()).put(m.conv(), m.until()));
    if (before != null && !before.isEmpty() && stored.isEmpty()) {
      lastTargetGone.accept(userId);
    }
  }

  public void register(PushTarget target) {
    store.saveTarget(target);
    remember(target);
  }

  /** Removes the device's target; returns whether it had one. */
  public boolean unregister(String userId, String deviceId) {
    boolean had = store.targets(userId).stream().anyMatch(t -> t.deviceId().equals(deviceId));
    Map<String, PushTarget> devices = targets.get(userId);
    if (devices != null && devices.remove(deviceId) != null) {
      userOfDevice.remove(deviceId);
      had = true;
    }
    if (had) {
      store.removeTarget(userId, deviceId, null);
      if (devices != null && devices.isEmpty()) {
        lastTargetGone.accept(userId);
      }
    }
    return had;
  }

  /** A gateway said {@code target}'s key is dead: forget it unless the device registered anew. */
  void keyRejected(PushTarget target) {
    Map<String, PushTarget> devices = targets.get(target.userId());
    if (devices != null
        && devices.computeIfPresent(
                target.deviceId(), (d, t) -> t.key().equals(target.key()) ? null : t)
            == null) {
      userOfDevice.remove(target.deviceId());
      store.removeTarget(target.userId(), target.deviceId(), target.key());
      if (devices.isEmpty()) {
        lastTargetGone.accept(target.userId());
      }
    }
  }

  /** The user's targets as stored (what the user is told): one per device that registered. */
  public List<PushTarget> storedTargets(String userId) {
    return store.targets(userId);
  }

  /** The user's mutes as stored, those still in force at {@code now}: conv → until. */
  public Map<String, Long> storedMutes(String userId, long now) {
    Map<String, Long> live = new java.util.TreeMap<>();
    for (PushStore.Mute m : store.mutes(userId)) {
      if (m.until() > now) {
        live.put(m.conv(), m.until());
      }
    }
    return live;
  }

  /** The user's targets, one per device that registered, as the planner sees them. */
  List<PushTarget> targetsOf(String userId) {
    Map<String, PushTarget> devices = targets.get(userId);
    return devices == null ? List.of() : List.copyOf(devices.values());
  }

  /**
   * Whether any device of the user registered: the cheap test before any other work, also made on
   * the store's dispatcher for every recipient of every message.
   */
  boolean hasTargets(String userId) {
    Map<String, PushTarget> devices = targets.get(userId);
    return devices != null && !devices.isEmpty();
  }

  public void mute(String userId, String conv, long until) {
    store.saveMute(new PushStore.Mute(userId, conv, until));
    mutesOf(userId).put(conv, until);
  }

  public void unmute(String userId, String conv) {
    Map<String, Long> convs = mutes.get(userId);
    if (convs != null) {
      convs.remove(conv);
    }
    store.removeMute(userId, conv);
  }

  boolean muted(String userId, String conv, long now) {
    Map<String, Long> convs = mutes.get(userId);
    Long until = convs == null ? null : convs.get(conv);
    return until != null && until > now;
  }

  private void remember(PushTarget target) {
    userOfDevice.put(target.deviceId(), target.userId());
    targets
        .computeIfAbsent(target.userId(), u -> new ConcurrentHashMap<>())
        .put(target.deviceId(), target);
  }

  private Map<String, Long> mutesOf(String userId) {
    return mutes.computeIfAbsent(userId, u -> new ConcurrentHashMap<>());
  }
}
