package dev.parley.core.push;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.Committed;
import dev.parley.core.messaging.HistoryStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push notifications for devices without a live session: what devices register, and the one thread
 * ({@code parley-push}) that plans, queues and sends notifications.
 *
 * <p>Committed events reach it from the store's dispatcher through a bounded hand-off: message
 * delivery never waits for push, and if the push thread falls that far behind, the notifications of
 * a batch are dropped and counted. A notification is durable once queued ({@link PushQueue}): sent
 * after a restart if not accepted before. What is committed but not yet queued when the process
 * dies is not notified; the device gets the message when it next connects.
 *
 * <p>In cluster mode every node runs one, fed by its own feed writer: it serves the users of the
 * feed partitions the node owns ({@link #servedUsersChanged}), so each notification is planned and
 * sent by one node.
 */
public final class PushService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);
  static final int MAX_KEY_LENGTH = 4096;
  static final int MAX_MUTES = 10_000;
  private static final Duration TICK = Duration.ofMillis(100);

  private final PushPolicy policy;
  private final PushRegistry registry;
  private final GroupStore groups;
  private final Clock clock;
  private final PushMetrics metrics;
  private final PushQueue queue;
  private final PushPlanner planner;
  private final PushSender sender;
  private final ThreadPoolExecutor worker;
  private final ScheduledExecutorService timer;
  private final ConcurrentLinkedQueue<Runnable> answers = new ConcurrentLinkedQueue<>();

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
    this.registry = new PushRegistry(store);
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
            policy, queue, planner, registry, delivery, online, metrics, this::answer, clock);
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(4096),
            r -> daemon(r, "parley-push"));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-push-timer"));
  }

  /** Loads what a previous run left queued and starts sending. */
  public void start() {
    submit(() -> planner.adopted(queue.load()));
    timer.scheduleWithFixedDelay(
        () -> submit(this::tick), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean enabled() {
    return policy.enabled();
  }

  /** Committed events, from the store's dispatcher: handed to the push thread, never waited on. */
  public void committed(List<Committed> batch) {
    if (!policy.enabled()) {
      return;
    }
    try {
      worker.execute(
          () -> {
            // A change of the served users or registrations handed over before this batch
            // applies to it.
            drainAnswers();
            long now = clock.millis();
            try {
              planner.plan(batch, now);
            } catch (RuntimeException e) {
              // A store read failed: this batch notifies nobody, the next ones still do.
              LOG.warn("push planning failed for a batch of {} events", batch.size(), e);
            }
            sender.pump(now);
          });
    } catch (RejectedExecutionException e) {
      for (Committed c : batch) {
        if (c.event() instanceof StoredMessage) {
          metrics.count("dropped");
        }
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
    answer(() -> registry.reload(userId));
  }

  /**
   * The users this node serves changed (cluster mode: feed partitions moved): read their targets,
   * mutes and queued notifications again, and let go of the others' before the next event.
   */
  public void servedUsersChanged() {
    answer(
        () -> {
          registry.reloadAll();
          planner.adopted(queue.reload());
        });
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

  private void tick() {
    sender.pump(clock.millis());
  }

  /** A gateway's answer, from the HTTP client's thread: run on the push thread. */
  private void answer(Runnable handling) {
    answers.add(handling);
    submit(this::drainAnswers);
  }

  private void drainAnswers() {
    for (Runnable r; (r = answers.poll()) != null; ) {
      r.run();
    }
  }

  /** Runs on the push thread if its queue has room; the next tick does the work otherwise. */
  private void submit(Runnable work) {
    try {
      worker.execute(
          () -> {
            drainAnswers();
            work.run();
          });
    } catch (RejectedExecutionException e) {
      // The tick, or the next hand-off, catches up.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
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
