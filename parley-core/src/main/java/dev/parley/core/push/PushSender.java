package dev.parley.core.push;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sends due notifications to their gateways, at most {@code maxInFlight} at once, and acts on the
 * answers: done, retried with exponential backoff and jitter, given up after the maximum age, or a
 * dead key's registration removed. Confined to the push thread; a gateway's answer comes back
 * through {@code onPushThread}.
 */
final class PushSender {
  private final PushPolicy policy;
  private final PushQueue queue;
  private final PushPlanner planner;
  private final PushRegistry registry;
  private final PushDelivery delivery;
  private final Predicate<String> online;
  private final PushMetrics metrics;
  private final Consumer<Runnable> onPushThread;
  private final Clock clock;
  private int inFlight;

  PushSender(
      PushPolicy policy,
      PushQueue queue,
      PushPlanner planner,
      PushRegistry registry,
      PushDelivery delivery,
      Predicate<String> online,
      PushMetrics metrics,
      Consumer<Runnable> onPushThread,
      Clock clock) {
    this.policy = policy;
    this.queue = queue;
    this.planner = planner;
    this.registry = registry;
    this.delivery = delivery;
    this.online = online;
    this.metrics = metrics;
    this.onPushThread = onPushThread;
    this.clock = clock;
  }

  /** Sends what is due at {@code now}, as far as the in-flight bound allows. */
  void pump(long now) {
    while (inFlight < policy.maxInFlight()) {
      List<PushNotification> due = queue.takeDue(now, policy.maxInFlight() - inFlight);
      if (due.isEmpty()) {
        return;
      }
      for (PushNotification n : due) {
        send(n, now);
      }
    }
  }

  private void send(PushNotification n, long now) {
    if (n.kind() == PushNotification.Kind.MESSAGE && online.test(n.target().deviceId())) {
      // Connected since: its session has the message; a notification would only buzz.
      queue.remove(n);
      metrics.count("online");
      return;
    }
    if (expired(n, now)) {
      return;
    }
    inFlight++;
    planner.sending(n, now);
    long start = System.nanoTime();
    try {
      delivery
          .deliver(n)
          .whenComplete(
              (outcome, error) -> {
                // Here, on the HTTP client's thread: the exchange alone, not the wait for the push
                // thread to take the answer.
                metrics.gatewayAnswered(start);
                onPushThread.accept(
                    () -> answered(n, error == null ? outcome : PushDelivery.Outcome.RETRY));
              });
    } catch (RuntimeException e) {
      answered(n, PushDelivery.Outcome.RETRY);
    }
  }

  private void answered(PushNotification n, PushDelivery.Outcome outcome) {
    inFlight--;
    long now = clock.millis();
    switch (outcome) {
      case ACCEPTED -> {
        queue.remove(n);
        planner.sent(n);
        metrics.count("sent");
      }
      case KEY_REJECTED -> {
        queue.remove(n);
        registry.keyRejected(n.target());
        metrics.count("rejected");
      }
      case FAILED -> {
        queue.remove(n);
        metrics.count("failed");
      }
      case RETRY -> {
        PushNotification next = n.retryAt(now + backoff(n.attempts() + 1));
        if (!expired(next, next.dueAt())) {
          queue.retry(next);
          metrics.count("retried");
        }
      }
    }
    pump(now);
  }

  /** Drops {@code n} if it would be tried past the maximum age; says whether it did. */
  private boolean expired(PushNotification n, long at) {
    if (at - n.createdAt() <= policy.maxAge().toMillis()) {
      return false;
    }
    queue.remove(n);
    metrics.count("expired");
    return true;
  }

  /** The delay before try {@code attempt} (1 = the first retry): doubling, capped, half jitter. */
  private long backoff(int attempt) {
    long base = policy.retryBase().toMillis();
    long cap = policy.retryMax().toMillis();
    long delay = attempt >= 31 ? cap : Math.min(cap, base << Math.min(30, attempt - 1));
    return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
  }
}
