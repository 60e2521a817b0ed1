package dev.parley.core.push;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.Committed;
import dev.parley.core.messaging.HistoryStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push notifications for devices without a live session: what devices register, and the one thread
 * ({@code parley-push}) that plans, queues and sends notifications.
 *
 * <p>Committed events reach it from the store's dispatcher through a bounded hand-off of {@value
 * #HAND_OFF} batches: message delivery never waits for push. Only events push acts on take a place
 * in it — a message with a recipient that registered a device, a read receipt of a user that did —
 * so unrelated traffic cannot crowd out a receipt whose clear must go. If the push thread falls
 * that far behind anyway, the batch is lost: its notifications are counted as {@code dropped}, its
 * receipts in {@code parley_push_receipts_dropped_total}. Gateways' answers come back through a
 * queue of their own (at most one per request in flight), never refused.
 *
 * <p>A notification is durable once queued ({@link PushQueue}): each round of the push thread
 * writes what it queued in one batch before any of it is sent, and it is sent after a restart if
 * not accepted before. What is committed but not yet queued when the process dies is not notified;
 * the device gets the message when it next connects.
 *
 * <p>In cluster mode every node runs one, fed by its own feed writer: it serves the users of the
 * feed partitions the node owns ({@link #servedUsersChanged}), so each notification is planned and
 * sent by one node.
 */
public final class PushService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);
  static final int MAX_KEY_LENGTH = 4096;
  static final int MAX_MUTES = 10_000;
  static final int HAND_OFF = 4096;
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final PushPolicy policy;
  private final PushRegistry registry;
  private final GroupStore groups;
  private final Clock clock;
  private final Predicate<String> online;
  private final PushMetrics metrics;
  private final PushQueue queue;
  private final PushPlanner planner;
  private final PushSender sender;
  private final ArrayBlockingQueue<List<Committed>> events = new ArrayBlockingQueue<>(HAND_OFF);

  /** Gateways' answers and registry changes to act on, in the order they came. */
  private final ConcurrentLinkedQueue<Runnable> answers = new ConcurrentLinkedQueue<>();

  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param online whether a device has a live session (and so needs no notification)
   */
  public PushService(
      PushPolicy policy,
      PushStore store,
      PushDelivery delivery,
      AccountStore accounts,
      HistoryStore history,
      GroupStore groups,
      Predicate<String> online,
      Clock clock,
      MeterRegistry meters) {
    this.policy = policy;
    this.groups = groups;
    this.clock = clock;
    this.online = online;
    this.registry = new PushRegistry(store, user -> onPushThread(() -> forgetUnread(user)));
    this.queue = new PushQueue(store, policy.maxQueued());
    this.metrics = new PushMetrics(meters, queue::size);
    this.planner =
        new PushPlanner(
            policy,
            registry,
            queue,
            new UnreadCounts(history, groups),
            online,
            new HandleCache(accounts),
            metrics);
    this.sender =
        new PushSender(
            policy, queue, planner, registry, delivery, online, metrics, this::onPushThread, clock);
    this.thread = new Thread(this::loop, "parley-push");
    thread.setDaemon(true);
  }

  /** Loads what a previous run left queued and starts sending. */
  public void start() {
    thread.start();
  }

  public boolean enabled() {
    return policy.enabled();
  }

  /** Committed events, from the store's dispatcher: handed to the push thread, never waited on. */
  public void committed(List<Committed> batch) {
    if (!policy.enabled()) {
      return;
    }
    List<Committed> relevant = null;
    for (Committed c : batch) {
      if (concernsPush(c)) {
        if (relevant == null) {
          relevant = new ArrayList<>(batch.size());
        }
        relevant.add(c);
      }
    }
    if (relevant == null) {
      return;
    }
    if (events.offer(relevant)) {
      LockSupport.unpark(thread);
    } else {
      lost(relevant);
    }
  }

  /**
   * Whether the push thread would act on {@code c}: a message one of whose recipients registered a
   * device, or a read receipt of a user who did. A map lookup per recipient, stopping at the first.
   */
  private boolean concernsPush(Committed c) {
    if (c.event() instanceof StoredMessage m && m.change() == null) {
      for (String user : c.audience()) {
        if (!user.equals(m.from()) && registry.hasTargets(user)) {
          return true;
        }
      }
      return false;
    }
    return c.event() instanceof ReceiptMoved r && registry.hasTargets(r.user());
  }

  /** The hand-off was full: counts what the push thread will never plan. */
  private void lost(List<Committed> batch) {
    long now = clock.millis();
    for (Committed c : batch) {
      if (c.event() instanceof StoredMessage m) {
        for (String user : c.audience()) {
          if (user.equals(m.from()) || registry.muted(user, m.conv(), now)) {
            continue;
          }
          for (PushTarget target : registry.targetsOf(user)) {
            if (!online.test(target.deviceId())) {
              metrics.count("dropped");
            }
          }
        }
      } else {
        metrics.receiptDropped();
      }
    }
  }

  /** Registers the session's device to be woken through {@code gateway} with {@code key}. */
  public PushTarget register(Principal who, String gateway, String key) {
    if (gateway == null || !policy.gateways().contains(gateway)) {
      throw new PushException(
          "unknown_gateway", "no push gateway named '" + gateway + "' is configured");
    }
    if (key == null
        || key.isEmpty()
        || key.length() > MAX_KEY_LENGTH
        || key.chars().anyMatch(Character::isISOControl)) {
      throw new PushException(
          "invalid_request",
          "'key' must be 1 to " + MAX_KEY_LENGTH + " characters without control characters");
    }
    PushTarget target = new PushTarget(who.userId(), who.deviceId(), gateway, key, clock.millis());
    registry.register(target);
    return target;
  }

  /** Stops waking the device; returns whether it was registered. */
  public boolean unregister(String userId, String deviceId) {
    return registry.unregister(userId, deviceId);
  }

  /** A device was revoked: it will never connect again, so never wake it. */
  public void deviceRevoked(String userId, String deviceId) {
    registry.unregister(userId, deviceId);
  }

  /** The user's registered devices. */
  public List<PushTarget> targets(String userId) {
    return registry.storedTargets(userId);
  }

  /**
   * Another node changed the user's targets or mutes (cluster mode): read them again before the
   * next event is planned.
   */
  public void userChanged(String userId) {
    onPushThread(() -> registry.reload(userId));
  }

  /**
   * The users this node serves changed (cluster mode: feed partitions moved): their targets and
   * mutes are read again at once, on the caller's thread, so the hand-off's filter knows them
   * before the caller hands over their first event; their queued notifications are taken up, and
   * the others' let go, on the push thread before it plans that event.
   */
  public void servedUsersChanged() {
    registry.reloadAll();
    onPushThread(() -> planner.adopted(queue.reload()));
  }

  /**
   * Mutes {@code conv} for the user until {@code until} (epoch ms; Long.MAX_VALUE: until unmuted).
   */
  public void mute(Principal who, String conv, long until) {
    ConversationId id = visible(who, conv);
    if (until <= clock.millis()) {
      throw new PushException("invalid_request", "'until' must be in the future");
    }
    Map<String, Long> current = registry.storedMutes(who.userId(), clock.millis());
    if (current.size() >= MAX_MUTES && !current.containsKey(conv)) {
      throw new PushException(
          "invalid_request", "at most " + MAX_MUTES + " conversations can be muted");
    }
    registry.mute(who.userId(), id.value(), until);
  }

  public void unmute(Principal who, String conv) {
    registry.unmute(who.userId(), visible(who, conv).value());
  }

  /** The user's mutes in force: conv → until (epoch ms; Long.MAX_VALUE: until unmuted). */
  public Map<String, Long> mutes(String userId) {
    return registry.storedMutes(userId, clock.millis());
  }

  private ConversationId visible(Principal who, String conv) {
    ConversationId id = conv == null ? null : ConversationId.parse(conv).orElse(null);
    boolean mine =
        id != null
            && (id.isGroup()
                ? groups.member(id, who.userId()).isPresent()
                : id.hasMember(who.userId()));
    if (!mine) {
      throw new PushException("unknown_conversation", "you have no conversation '" + conv + "'");
    }
    return id;
  }

  /**
   * The push thread: each round takes the gateways' answers, then every batch handed off, writes
   * what they queued (one store batch, before anything is sent), sends what is due, and writes
   * again what the answers and sends changed. Sleeps a tick (100 ms: the resolution of due times)
   * when there is nothing to do, or until woken by a hand-off or an answer.
   */
  private void loop() {
    try {
      planner.adopted(queue.load());
    } catch (RuntimeException e) {
      LOG.error("cannot load the queued push notifications; none are sent", e);
      return;
    }
    List<List<Committed>> batches = new ArrayList<>();
    while (running) {
      try {
        drainAnswers();
        events.drainTo(batches);
        long now = clock.millis();
        for (List<Committed> batch : batches) {
          try {
            planner.plan(batch, now);
          } catch (RuntimeException e) {
            // A store read failed: this batch notifies nobody, the next ones still do.
            LOG.warn("push planning failed for a batch of {} events", batch.size(), e);
          }
        }
        batches.clear();
        queue.flush();
        sender.pump(now);
        queue.flush();
      } catch (RuntimeException e) {
        LOG.error("push round failed", e);
      }
      if (events.isEmpty() && answers.isEmpty() && running) {
        LockSupport.parkNanos(this, TICK_NANOS);
      }
    }
    // Closing: what was handed off is still queued (durably), to be sent after the restart.
    try {
      drainAnswers();
      events.drainTo(batches);
      long now = clock.millis();
      batches.forEach(b -> planner.plan(b, now));
      queue.flush();
    } catch (RuntimeException e) {
      LOG.warn("push notifications handed off while closing were not queued", e);
    }
  }

  /**
   * Runs {@code work} on the push thread, soon: a gateway's answer, from the HTTP client's thread.
   */
  private void onPushThread(Runnable work) {
    answers.add(work);
    LockSupport.unpark(thread);
  }

  private void drainAnswers() {
    for (Runnable r; (r = answers.poll()) != null; ) {
      r.run();
    }
  }

  /** The user's last device stopped wanting push: counts kept for it would go stale unseen. */
  private void forgetUnread(String userId) {
    planner.forget(userId);
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Senders' handles for notifications, looked up once per user (handles never change). */
  private static final class HandleCache implements java.util.function.Function<String, String> {
    private final AccountStore accounts;
    private final Map<String, String> handles =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100_000;
          }
        };

    HandleCache(AccountStore accounts) {
      this.accounts = accounts;
    }

    @Override
    public String apply(String userId) {
      String known = handles.get(userId);
      if (known == null) {
        known =
            accounts.usersByIds(List.of(userId)).stream()
                .findFirst()
                .map(UserAccount::handle)
                .orElse(null);
        if (known != null) {
          handles.put(userId, known);
        }
      }
      return known;
    }
  }
}
