package dev.parley.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The messaging core's meters. Names follow Prometheus conventions once exported ({@code
 * parley_messages_received_total}, {@code parley_send_durable_seconds}, …); docs/operations.md
 * lists them.
 */
public final class ParleyMetrics {
  private final MeterRegistry registry;
  private final Counter messagesReceived;
  private final Counter messagesDelivered;
  private final Timer sendToDurable;
  private final Timer delivery;
  private final DistributionSummary syncBatch;
  private final Counter presenceFanout;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> overloaded = new ConcurrentHashMap<>();
  private final Map<String, OverloadLog> overloadLogs = new ConcurrentHashMap<>();

  public ParleyMetrics(MeterRegistry registry) {
    this.registry = registry;
    messagesReceived =
        Counter.builder("parley.messages.received")
            .description("messages accepted and stored (not counting retries)")
            .register(registry);
    messagesDelivered =
        Counter.builder("parley.messages.delivered")
            .description("message events pushed live to devices")
            .register(registry);
    sendToDurable =
        Timer.builder("parley.send.durable")
            .description("from a send frame's arrival to its message being durable")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    delivery =
        Timer.builder("parley.delivery")
            .description("from a message's server timestamp to its push to a recipient device")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    syncBatch =
        DistributionSummary.builder("parley.sync.batch.events")
            .description("events per catch-up frame")
            .publishPercentileHistogram()
            .maximumExpectedValue(10_000.0)
            .register(registry);
    presenceFanout =
        Counter.builder("parley.presence.fanout")
            .description("presence and typing frames pushed to devices")
            .register(registry);
  }

  /** Meters kept in memory only: for tests and tools that do not export. */
  public static ParleyMetrics inMemory() {
    return new ParleyMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void messageReceived(long startNanos) {
    messagesReceived.increment();
    sendToDurable.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  public void messageDelivered(long serverTs, long nowMillis) {
    messagesDelivered.increment();
    delivery.record(Math.max(0, nowMillis - serverTs), TimeUnit.MILLISECONDS);
  }

  public void syncBatch(int events) {
    syncBatch.record(events);
  }

  public void presencePushed(int frames) {
    presenceFanout.increment(frames);
  }

  /** A frame refused with an error code or a close code. */
  public void rejected(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("parley.frames.rejected")
                    .tag("reason", r)
                    .description("frames refused, by error or close reason")
                    .register(registry))
        .increment();
  }

  /**
   * Work refused because the bounded queue {@code queue} (for example {@code reads}, {@code auth})
   * was full: counted in {@code parley_overloaded_total{queue}} and logged at most every 10 s.
   */
  public void overloaded(String queue) {
    overloaded
        .computeIfAbsent(
            queue,
            q ->
                Counter.builder("parley.overloaded")
                    .tag("queue", q)
                    .description("requests refused because a bounded work queue was full")
                    .register(registry))
        .increment();
    overloadLogs.computeIfAbsent(queue, q -> new OverloadLog(q, 10_000)).refused();
  }
}
