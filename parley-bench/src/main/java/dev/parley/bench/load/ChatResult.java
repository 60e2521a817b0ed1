package dev.parley.bench.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.bench.cpu.ClusterCpu;
import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.report.Report;
import java.util.Map;

/**
 * The figures of one chat run. {@code target} is {@code parley} or {@code relay}. Throughput counts
 * message arrivals on receiving devices during the measured window; latencies include the drain.
 * {@code lost}, {@code duplicated} and {@code outOfOrder} (a sender's message arriving after one
 * the sender sent later) cover the whole run and must be zero, and so must {@code outOfSeqOrder} (a
 * message arriving below a seq its receiver already had: delivery out of the conversation's order).
 * {@code clusterCpu} is there with {@code --cluster-run-dir}: every cluster process's CPU over the
 * measured window.
 */
public record ChatResult(
    String target,
    int pairs,
    int devices,
    int window,
    int offeredRate,
    double seconds,
    long sent,
    long acked,
    long delivered,
    double deliveredPerSecond,
    double sentPerSecond,
    LatencySummary endToEnd,
    LatencySummary sentAck,
    LatencySummary receiptRoundTrip,
    long receiptEvents,
    long errors,
    String lastError,
    long sendsRetried,
    long receiptsRateLimited,
    long sendsUnanswered,
    long unexpectedCloses,
    long lost,
    long duplicated,
    long outOfOrder,
    long outOfSeqOrder,
    double serverCpuPercent,
    long serverRssKb,
    double benchCpuPercent,
    double machineCpuPercent,
    int cores,
    @JsonInclude(JsonInclude.Include.NON_NULL) ClusterCpu clusterCpu) {

  /** CPU (% of a core) that neither the server nor the bench used: noise from whatever else ran. */
  @JsonProperty
  public double otherCpuPercent() {
    return serverCpuPercent == 0
        ? 0
        : Math.max(0, machineCpuPercent - serverCpuPercent - benchCpuPercent);
  }

  /**
   * Delivered messages per second of server CPU: a figure that survives a shared, noisy machine
   * better than raw throughput does (0 when the server's CPU is unknown).
   */
  @JsonProperty
  public double deliveredPerServerCpuSecond() {
    return serverCpuPercent <= 0 ? 0 : deliveredPerSecond * 100 / serverCpuPercent;
  }

  /** Rows for {@link Report#print}. */
  public Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put("target", target);
    rows.put("pairs x devices", pairs + " x " + devices);
    rows.put(
        "load",
        offeredRate == 0 ? "closed loop, window " + window : offeredRate + " msgs/s offered");
    rows.put("measured", String.format("%.1f s", seconds));
    rows.put("sent / acked", sent + " / " + acked);
    rows.put("delivered msgs/s", String.format("%,.0f", deliveredPerSecond));
    rows.put("sent msgs/s", String.format("%,.0f", sentPerSecond));
    rows.put("e2e ms p50/p90/p99/p99.9/max", endToEnd.compact());
    rows.put("sent-ack ms", sentAck.compact());
    rows.put("receipt round trip ms", receiptRoundTrip.compact());
    rows.put("lost / dup / out-of-order", lost + " / " + duplicated + " / " + outOfOrder);
    if (outOfSeqOrder > 0) {
      rows.put("arrived below a seq already seen", Long.toString(outOfSeqOrder));
    }
    rows.put(
        "errors / unexpected closes",
        errors + " / " + unexpectedCloses + (errors > 0 ? " (" + lastError + ")" : ""));
    if (sendsUnanswered > 0) {
      rows.put("sends unanswered for 3 s (sent again)", Long.toString(sendsUnanswered));
    }
    if (sendsRetried + receiptsRateLimited > 0) {
      rows.put(
          "rate-limited: sends retried / receipts", sendsRetried + " / " + receiptsRateLimited);
    }
    if (clusterCpu != null) {
      // Every process of the cluster, the bench and the rest of the machine: the single-server
      // rows below would only repeat the bench's and leave the server's CPU at 0.
      rows.putAll(clusterCpu.rows());
      return rows;
    }
    rows.put("server CPU (% of a core)", String.format("%.0f%%", serverCpuPercent));
    rows.put("server RSS", serverRssKb / 1024 + " MiB");
    rows.put(
        "delivered per server CPU-second", String.format("%,.0f", deliveredPerServerCpuSecond()));
    rows.put("bench CPU (% of a core)", String.format("%.0f%%", benchCpuPercent));
    rows.put(
        "other processes' CPU",
        String.format(
            "%.0f%% (machine %.0f%% of %d00%%)", otherCpuPercent(), machineCpuPercent, cores));
    return rows;
  }
}
