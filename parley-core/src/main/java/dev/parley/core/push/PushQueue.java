package dev.parley.core.push;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notifications waiting for their gateway, by due time, held in memory and saved in the {@link
 * PushStore} so a restart sends what was queued. Confined to the push thread.
 *
 * <p>A notification is <em>waiting</em> (due later, or now) or <em>in flight</em> (handed to its
 * gateway, not answered yet). Only a waiting message notification can absorb a newer message of its
 * device and conversation ({@link #waitingMessage}); once in flight, the next message makes a new
 * one.
 *
 * <p>Changes are written to the store in {@link #flush}, once per round of the push thread: what a
 * round queued is durable before any of it is handed to a gateway.
 */
final class PushQueue {
  private static final Comparator<PushNotification> BY_DUE =
      Comparator.comparingLong(PushNotification::dueAt).thenComparing(PushNotification::id);

  private final PushStore store;
  private final int capacity;
  private final TreeSet<PushNotification> waiting = new TreeSet<>(BY_DUE);
  private final Map<String, PushNotification> byId = new HashMap<>();
  private final Map<DeviceConv, PushNotification> waitingMessages = new HashMap<>();

  /** Not written yet: the newest version of each changed notification, and the removed ids. */
  private final Map<String, PushNotification> unsaved = new LinkedHashMap<>();

  private final Set<String> unremoved = new LinkedHashSet<>();

  PushQueue(PushStore store, int capacity) {
    this.store = store;
    this.capacity = capacity;
  }

  /** Loads what a previous run left queued; all of it is waiting again. Returns what it took up. */
  List<PushNotification> load() {
    List<PushNotification> taken = new ArrayList<>();
    for (PushNotification n : store.queued()) {
      if (!byId.containsKey(n.id())) {
        hold(n);
        taken.add(n);
      }
    }
    return taken;
  }

  /**
   * Holds what the store has queued now, and nothing else: after the served users changed,
   * notifications of users served elsewhere are let go (their new node sends them; one in flight
   * here is not retried here) and those of newly served users are taken up. Returns what it took
   * up.
   */
  List<PushNotification> reload() {
    flush(); // what this node queued for users it still serves must be in the answer below
    Map<String, PushNotification> stored = new HashMap<>();
    for (PushNotification n : store.queued()) {
      stored.put(n.id(), n);
    }
    for (PushNotification n : List.copyOf(byId.values())) {
      if (!stored.containsKey(n.id())) {
        byId.remove(n.id());
        waiting.remove(n);
        waitingMessages.remove(key(n), n);
      }
    }
    List<PushNotification> taken = new ArrayList<>();
    for (PushNotification n : stored.values()) {
      if (!byId.containsKey(n.id())) {
        hold(n);
        taken.add(n);
      }
    }
    return taken;
  }

  int size() {
    return byId.size();
  }

  /** Queues {@code n}; false if the queue is full (nothing saved). */
  boolean add(PushNotification n) {
    if (byId.size() >= capacity) {
      return false;
    }
    save(n);
    hold(n);
    return true;
  }

  /** The waiting message notification of this device and conversation, if any. */
  Optional<PushNotification> waitingMessage(String deviceId, String conv) {
    return Optional.ofNullable(waitingMessages.get(new DeviceConv(deviceId, conv)));
  }

  /** Replaces a waiting notification by its newer version (same id). */
  void update(PushNotification newer) {
    PushNotification old = byId.get(newer.id());
    if (old == null || !waiting.remove(old)) {
      return;
    }
    save(newer);
    hold(newer);
  }

  /** Drops a waiting or in-flight notification for good (sent, expired, or no longer wanted). */
  void remove(PushNotification n) {
    PushNotification held = byId.remove(n.id());
    if (held == null) {
      return;
    }
    waiting.remove(held);
    waitingMessages.remove(key(held), held);
    // An earlier version may be written even if a newer one is not: always delete.
    unsaved.remove(n.id());
    unremoved.add(n.id());
  }

  /** Up to {@code max} notifications due at {@code now}, moved in flight, earliest first. */
  List<PushNotification> takeDue(long now, int max) {
    List<PushNotification> due = new ArrayList<>();
    while (due.size() < max && !waiting.isEmpty() && waiting.first().dueAt() <= now) {
      PushNotification n = waiting.pollFirst();
      waitingMessages.remove(key(n), n);
      due.add(n);
    }
    return due;
  }

  /** An in-flight notification goes back to waiting, as {@code next} (a retry). */
  void retry(PushNotification next) {
    if (!byId.containsKey(next.id())) {
      return;
    }
    save(next);
    hold(next);
  }

  /** Writes what changed since the last flush, in one store write. */
  void flush() {
    if (unsaved.isEmpty() && unremoved.isEmpty()) {
      return;
    }
    try {
      store.writeQueued(List.copyOf(unsaved.values()), List.copyOf(unremoved));
    } finally {
      // Not retried (RocksDB takes no writes after an I/O error); the notifications held in memory
      // are still sent, only a restart would not find them.
      unsaved.clear();
      unremoved.clear();
    }
  }

  private void save(PushNotification n) {
    unremoved.remove(n.id());
    unsaved.put(n.id(), n);
  }

  /** When the earliest waiting notification is due; empty if none waits. */
  Optional<Long> nextDue() {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.first().dueAt());
  }

  private void hold(PushNotification n) {
    byId.put(n.id(), n);
    waiting.add(n);
    if (n.kind() == PushNotification.Kind.MESSAGE) {
      waitingMessages.put(key(n), n);
    }
  }

  private static DeviceConv key(PushNotification n) {
    return new DeviceConv(n.target().deviceId(), n.conv());
  }

  /** A device's notifications about one conversation. */
  record DeviceConv(String deviceId, String conv) {}
}
