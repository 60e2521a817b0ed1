package dev.parley.bench.groups;

import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.report.Report;
import java.util.Map;

/**
 * What a fan-out run measured. Deliveries are (message, online member device) pairs; a device frame
 * is one {@code feed} frame that carried at least one of the run's messages (the server coalesces
 * the events of one commit into one frame per device). {@code toLastDevice}: per message, scheduled
 * send to the last online member having it; {@code toEachDevice}: every delivery.
 */
public record FanOutResult(
    String mode,
    int groups,
    int onlineDevices,
    double offeredPerSecond,
    double seconds,
    String receipts,
    long sent,
    long acked,
    long failed,
    long unacknowledged,
    long retried,
    long expectedDeliveries,
    long lost,
    long duplicated,
    long reordered,
    long unexpected,
    long incompleteMessages,
    double deliveriesPerSecond,
    double framesPerSecond,
    LatencySummary toLastDevice,
    LatencySummary toEachDevice,
    long systemEvents,
    long groupReceipts,
    long unexpectedCloses,
    String lastError,
    double serverCpuPercent,
    double serverCpuMicrosPerFrame,
    double serverCpuMicrosPerDelivery,
    long serverRssKb,
    double benchCpuPercent,
    double machineCpuPercent,
    double othersCpuPercent) {

  /** Nothing lost, duplicated, reordered or refused, and every send answered. */
  public boolean clean() {
    return lost + duplicated + reordered + failed + unacknowledged + unexpectedCloses == 0;
  }

  Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put("groups / online devices", String.format("%,d / %,d", groups, onlineDevices));
    rows.put(
        "offered",
        String.format(
            "%,.0f msgs/s for %.0f s, receipts: %s", offeredPerSecond, seconds, receipts));
    rows.put(
        "sent / acked / failed / unanswered",
        String.format("%,d / %,d / %,d / %,d", sent, acked, failed, unacknowledged));
    rows.put("retried (rate_limited, overloaded)", String.format("%,d", retried));
    rows.put("deliveries checked", String.format("%,d", expectedDeliveries));
    rows.put(
        "lost / duplicated / reordered",
        String.format("%,d / %,d / %,d", lost, duplicated, reordered));
    rows.put("unexpected deliveries", String.format("%,d", unexpected));
    rows.put("messages not complete (measured)", String.format("%,d", incompleteMessages));
    rows.put("deliveries/s", String.format("%,.0f", deliveriesPerSecond));
    rows.put("device frames/s", String.format("%,.0f", framesPerSecond));
    rows.put("to last device ms p50/p90/p99/p99.9/max", toLastDevice.compact());
    rows.put("to each device ms p50/p90/p99/p99.9/max", toEachDevice.compact());
    rows.put("system events / group receipts seen", systemEvents + " / " + groupReceipts);
    rows.put("unexpected closes", unexpectedCloses + (lastError.isEmpty() ? "" : " " + lastError));
    rows.put("server CPU", String.format("%.0f%%", serverCpuPercent));
    rows.put(
        "server CPU per device frame / delivery",
        String.format("%.1f µs / %.1f µs", serverCpuMicrosPerFrame, serverCpuMicrosPerDelivery));
    rows.put("server RSS", serverRssKb / 1024 + " MiB");
    rows.put(
        "bench / others CPU", String.format("%.0f%% / %.0f%%", benchCpuPercent, othersCpuPercent));
    return rows;
  }
}
