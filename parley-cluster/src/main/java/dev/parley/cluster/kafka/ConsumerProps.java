package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The sequencer's consumer settings; the feed writer starts from them too (the same isolation,
 * session, offsets and assignment) and names its own group, client id and batch size.
 */
final class ConsumerProps {
  private ConsumerProps() {}

  static Properties sequencer(ClusterSettings settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.sequencerGroup());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafkaPrefix() + "seq-" + settings.nodeId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // One poll is one batch (one round of Cassandra writes): big enough to amortise its requests,
    // small enough to bound the writes in flight when a backlog drains.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.sequencerMaxBatch()));
    // A dead node's partitions move after this long (the default, 6 s, is the floor of a broker's
    // default minimum); heartbeats come often enough that a few lost ones do not cost the session.
    long session = settings.kafkaSessionTimeout().toMillis();
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(1, session / 4)));
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return p;
  }
}
