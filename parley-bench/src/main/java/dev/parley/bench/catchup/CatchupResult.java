package dev.parley.bench.catchup;

import dev.parley.bench.report.Report;
import java.util.Map;

/** How long a device that missed {@code missed} messages took to be {@code synced} again. */
public record CatchupResult(
    long missed,
    int senders,
    double fillSeconds,
    double catchupSeconds,
    double messagesPerSecond,
    long received,
    long feedFrames,
    long lost,
    long duplicatedOrReordered,
    boolean reset,
    double serverCpuPercent,
    long serverRssKb,
    double machineCpuPercent) {

  Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put("missed messages", String.format("%,d from %d senders", missed, senders));
    rows.put("filling took", String.format("%.1f s", fillSeconds));
    rows.put("sync → synced", String.format("%.3f s", catchupSeconds));
    rows.put("catch-up msgs/s", String.format("%,.0f", messagesPerSecond));
    rows.put("received / feed frames", received + " / " + feedFrames);
    rows.put("lost / dup-or-reordered", lost + " / " + duplicatedOrReordered);
    rows.put("reset", Boolean.toString(reset));
    rows.put("server CPU during catch-up", String.format("%.0f%%", serverCpuPercent));
    rows.put("server RSS", serverRssKb / 1024 + " MiB");
    rows.put(
        "machine CPU during catch-up",
        String.format("%.0f%% (bench and others included)", machineCpuPercent));
    return rows;
  }
}
