package dev.parley.core.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code parley_push_notifications_total{outcome}}: queued, coalesced, sent, retried, rejected (a
 * dead key, registration removed), failed (refused for good), expired (given up after the maximum
 * age), dropped (queue full, or the push thread behind), cancelled (read before sent), online (the
 * device connected first); {@code parley_push_receipts_dropped_total} (read receipts the push
 * thread never saw: a clear they would have sent is lost); {@code parley_push_gateway_seconds} (the
 * HTTP exchange with a gateway, from request to answer); {@code parley_push_queued} (notifications
 * held).
 */
final class PushMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Timer gateway;
  private final Counter receiptsDropped;

  PushMetrics(MeterRegistry registry, Supplier<Number> queued) {
    this.registry = registry;
    this.gateway =
        Timer.builder("parley.push.gateway")
            .description("Time a push gateway took to answer")
            .publishPercentileHistogram()
            .register(registry);
    this.receiptsDropped =
        Counter.builder("parley.push.receipts.dropped")
            .description("Read receipts lost because the push thread was behind")
            .register(registry);
    Gauge.builder("parley.push.queued", queued)
        .description("Push notifications held, waiting or in flight")
        .register(registry);
  }

  void count(String outcome) {
    outcomes
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("parley.push.notifications")
                    .description("Push notifications by what became of them")
                    .tag("outcome", o)
                    .register(registry))
        .increment();
  }

  void receiptDropped() {
    receiptsDropped.increment();
  }

  /** A gateway answered (or failed) a request sent at {@code startNanos}; any thread. */
  void gatewayAnswered(long startNanos) {
    gateway.record(Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
