package dev.parley.cluster.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Exports a consumer's own metrics (among them {@code kafka.consumer.fetch.manager.records.lag.max}
 * and the per-partition {@code records.lag}: how far this node's sequencer or feed writer is
 * behind).
 */
final class KafkaMetrics {
  private KafkaMetrics() {}

  static KafkaClientMetrics bind(Consumer<?, ?> consumer, MeterRegistry meters, String role) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, List.of(Tag.of("role", role)));
    metrics.bindTo(meters);
    return metrics;
  }
}
