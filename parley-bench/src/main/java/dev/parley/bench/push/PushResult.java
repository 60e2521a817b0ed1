package dev.parley.bench.push;

import dev.parley.bench.report.LatencySummary;
import java.util.Map;

/**
 * What {@code bench push} measured.
 *
 * @param devices offline devices, each sent one message
 * @param sendMillis from the first send to the last {@code sent}
 * @param lastNotificationMillis from the first send to the last message notification at the gateway
 * @param notificationsPerSecond message notifications received over {@code lastNotificationMillis}
 * @param storedToGateway from a message's server timestamp to its notification at the gateway
 * @param queuedToGateway from the notification's {@code ts} (when the server queued it) to the
 *     gateway: the part of {@code storedToGateway} after planning
 * @param pairsBaseline the online pairs' end-to-end latency before the push load
 * @param pairsUnderPush the same while the messages are sent and their notifications go out
 * @param serverCpuPercent the spawned server's CPU during the push phase (100 = one core; 0
 *     unknown)
 * @param load1Start the 1-minute load average at the start of the run (and {@code load1End})
 * @param serverPushMetrics the spawned server's {@code parley_push_*} samples at the end
 */
record PushResult(
    int devices,
    int senders,
    int pairs,
    long sendMillis,
    long lastNotificationMillis,
    double notificationsPerSecond,
    long notified,
    long missing,
    long duplicates,
    long repeatedIds,
    long clears,
    long sendsRefused,
    LatencySummary storedToGateway,
    LatencySummary queuedToGateway,
    LatencySummary pairsBaseline,
    LatencySummary pairsUnderPush,
    long pairsLost,
    long pairsDuplicated,
    double serverCpuPercent,
    String load1Start,
    String load1End,
    Map<String, Double> serverPushMetrics) {}
