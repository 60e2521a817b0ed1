package dev.parley.cluster.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot-partition and hot-conversation signals for the records one consumer thread sees. Per
 * partition it counts records ({@code parley.kafka.records}, rate it in Prometheus); per key it
 * counts within one-second windows, and a key over {@link #HOT_PER_SECOND} in a window counts as
 * hot ({@code parley.hot.keys}) and is logged once per window. {@code parley.hot.key.rate} shows
 * the busiest key's rate in the last window. Single-threaded: only the consumer's own thread calls
 * it.
 */
final class HotKeys {
  private static final Logger LOG = LoggerFactory.getLogger(HotKeys.class);
  static final int HOT_PER_SECOND = 200;

  private final MeterRegistry meters;
  private final String topic;
  private final Map<Integer, Counter> perPartition = new HashMap<>();
  private final Map<String, Integer> window = new HashMap<>();
  private final Counter hot;
  private final AtomicLong busiest = new AtomicLong();
  private long windowStart = System.nanoTime();

  HotKeys(MeterRegistry meters, String topic) {
    this.meters = meters;
    this.topic = topic;
    this.hot =
        Counter.builder("parley.hot.keys")
            .tag("topic", topic)
            .description(
                "keys (conversations or users) over " + HOT_PER_SECOND + " records in a second")
            .register(meters);
    Gauge.builder("parley.hot.key.rate", busiest, AtomicLong::get)
        .tag("topic", topic)
        .description("records per second of the busiest key in the last window")
        .register(meters);
  }

  void record(int partition, String key) {
    perPartition
        .computeIfAbsent(
            partition,
            p ->
                Counter.builder("parley.kafka.records")
                    .tag("topic", topic)
                    .tag("partition", Integer.toString(p))
                    .description("records consumed by this node")
                    .register(meters))
        .increment();
    long now = System.nanoTime();
    if (now - windowStart >= 1_000_000_000L) {
      busiest.set(window.values().stream().mapToLong(Integer::longValue).max().orElse(0));
      window.clear();
      windowStart = now;
    }
    int n = window.merge(key, 1, Integer::sum);
    if (n == HOT_PER_SECOND + 1) {
      hot.increment();
      LOG.info(
          "hot {} key {}: over {} records in a second (partition {})",
          topic,
          key,
          HOT_PER_SECOND,
          partition);
    }
  }
}
