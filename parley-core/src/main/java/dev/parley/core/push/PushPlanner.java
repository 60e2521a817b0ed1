package dev.parley.core.push;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.Committed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns committed events into notifications. Confined to the push thread.
 *
 * <ul>
 *   <li>A text message wakes each registered device of each recipient that has no live session,
 *       unless the recipient muted the conversation. Within the coalescing interval after the last
 *       notification a device got about a conversation, newer messages are folded into one waiting
 *       notification, due when the interval ends, with the newest unread count.
 *   <li>A read position that moves past what a device was notified of sends that device a clear; a
 *       notification still waiting for a message now read is cancelled instead.
 * </ul>
 *
 * Membership changes notify nobody (the next message does).
 */
final class PushPlanner {
  private static final int REMEMBERED = 100_000;

  private final PushPolicy policy;
  private final PushRegistry registry;
  private final PushQueue queue;
  private final UnreadCounts unread;
  private final Predicate<String> online;
  private final Function<String, String> handles;
  private final PushMetrics metrics;

  /** When each device last got a message notification about a conversation (epoch ms). */
  private final Map<PushQueue.DeviceConv, Long> lastSent = bounded();

  /**
   * The newest message each device has a notification for (queued, sent, or taken over from the
   * store): in cluster mode a node that takes over a feed partition is handed again the events its
   * previous owner had not committed, and those already in a queued notification are not notified
   * twice.
   */
  private final Map<PushQueue.DeviceConv, Long> planned = bounded();

  /** The newest seq each device was notified of, until a clear or a read covers it. */
  private final Map<PushQueue.DeviceConv, Long> notified = bounded();

  PushPlanner(
      PushPolicy policy,
      PushRegistry registry,
      PushQueue queue,
      UnreadCounts unread,
      Predicate<String> online,
      Function<String, String> handles,
      PushMetrics metrics) {
    this.policy = policy;
    this.registry = registry;
    this.queue = queue;
    this.unread = unread;
    this.online = online;
    this.handles = handles;
    this.metrics = metrics;
  }

  void plan(List<Committed> batch, long now) {
    for (Committed c : batch) {
      if (c.event() instanceof StoredMessage m && m.change() == null) {
        message(m, c.audience(), now);
      } else if (c.event() instanceof ReceiptMoved r && c.audience().contains(r.user())) {
        // In cluster mode a 1:1 receipt reaches the feeds of both members, which may be served by
        // two nodes: only the node serving the reader acts on it.
        read(r, now);
      }
    }
  }

  /** Notifications taken over from the store (a restart, or feed partitions moved here). */
  void adopted(List<PushNotification> taken) {
    for (PushNotification n : taken) {
      if (n.kind() == PushNotification.Kind.MESSAGE) {
        planned.merge(
            new PushQueue.DeviceConv(n.target().deviceId(), n.conv()), n.seq(), Math::max);
      }
    }
  }

  /**
   * Notification {@code n} goes to its gateway at {@code now}: the coalescing interval of its
   * device and conversation starts (a retry restarts it, which only delays the next).
   */
  void sending(PushNotification n, long now) {
    if (n.kind() == PushNotification.Kind.MESSAGE) {
      PushQueue.DeviceConv key = new PushQueue.DeviceConv(n.target().deviceId(), n.conv());
      lastSent.remove(key);
      lastSent.put(key, now);
    }
  }

  /** A gateway took message notification {@code n}: a later read of it sends a clear. */
  void sent(PushNotification n) {
    if (n.kind() == PushNotification.Kind.MESSAGE) {
      notified.merge(new PushQueue.DeviceConv(n.target().deviceId(), n.conv()), n.seq(), Math::max);
    }
  }

  private void message(StoredMessage m, List<String> audience, long now) {
    ConversationId conv = null;
    for (String user : audience) {
      if (user.equals(m.from())
          || !registry.hasTargets(user)
          || registry.muted(user, m.conv(), now)) {
        continue;
      }
      int count = -1;
      for (PushTarget target : registry.targetsOf(user)) {
        Long covered = planned.get(new PushQueue.DeviceConv(target.deviceId(), m.conv()));
        if ((covered != null && m.seq() <= covered) || online.test(target.deviceId())) {
          continue;
        }
        if (count < 0) {
          conv = conv != null ? conv : ConversationId.parse(m.conv()).orElseThrow();
          count = unread.afterMessage(user, conv);
        }
        notify(target, m, count, now);
      }
    }
  }

  private void notify(PushTarget target, StoredMessage m, int count, long now) {
    planned.merge(new PushQueue.DeviceConv(target.deviceId(), m.conv()), m.seq(), Math::max);
    String body = policy.previews() ? m.body() : null;
    String handle = handles.apply(m.from());
    PushNotification waiting = queue.waitingMessage(target.deviceId(), m.conv()).orElse(null);
    if (waiting != null) {
      queue.update(waiting.coalesce(m.seq(), m.from(), handle, count, body));
      metrics.count("coalesced");
      return;
    }
    Long last = lastSent.get(new PushQueue.DeviceConv(target.deviceId(), m.conv()));
    long due = last == null ? now : Math.max(now, last + policy.coalesce().toMillis());
    PushNotification n =
        new PushNotification(
            UUID.randomUUID().toString(),
            PushNotification.Kind.MESSAGE,
            target,
            m.conv(),
            m.seq(),
            m.from(),
            handle,
            count,
            body,
            now,
            0,
            due);
    metrics.count(queue.add(n) ? "queued" : "dropped");
  }

  /** The user has no device registered any more: what is counted for it will not be kept up. */
  void forget(String userId) {
    unread.forget(userId);
  }

  private void read(ReceiptMoved r, long now) {
    unread.read(r.user(), r.conv());
    if (!registry.hasTargets(r.user())) {
      return;
    }
    for (PushTarget target : registry.targetsOf(r.user())) {
      PushQueue.DeviceConv key = new PushQueue.DeviceConv(target.deviceId(), r.conv());
      queue
          .waitingMessage(target.deviceId(), r.conv())
          .filter(w -> w.seq() <= r.read())
          .ifPresent(
              w -> {
                queue.remove(w);
                metrics.count("cancelled");
              });
      Long seen = notified.get(key);
      if (seen != null && seen <= r.read()) {
        notified.remove(key);
        PushNotification clear =
            new PushNotification(
                UUID.randomUUID().toString(),
                PushNotification.Kind.CLEAR,
                target,
                r.conv(),
                r.read(),
                null,
                null,
                0,
                null,
                now,
                0,
                now);
        metrics.count(queue.add(clear) ? "queued" : "dropped");
      }
    }
  }

  private static <K> Map<K, Long> bounded() {
    return new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
        return size() > REMEMBERED;
      }
    };
  }
}
