package dev.parley.bench.connections;

import dev.parley.bench.report.Report;
import java.util.Map;

/**
 * Memory per idle connection: the server's RSS growth from before connecting to after holding them,
 * and its live heap growth (after a full GC on both sides).
 */
public record ConnectionsResult(
    int requested,
    int open,
    int failed,
    int users,
    int sourceAddresses,
    double openSeconds,
    double connectionsPerSecond,
    double holdSeconds,
    long pongs,
    long unexpectedCloses,
    long serverRssBeforeKb,
    long serverRssAfterKb,
    double serverRssPerConnectionKb,
    double serverCpuPercentWhileIdle,
    long benchRssKb,
    double serverLiveHeapPerConnectionKb,
    int loggedInThisRun) {

  Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put(
        "connections open / requested",
        open + " / " + requested + (failed > 0 ? " (" + failed + " failed)" : ""));
    rows.put("users x devices", users + " x " + (requested + users - 1) / users);
    rows.put("source addresses", Integer.toString(sourceAddresses));
    rows.put(
        "time to open",
        String.format("%.1f s (%,.0f connections/s)", openSeconds, connectionsPerSecond));
    rows.put(
        "held",
        String.format(
            "%.0f s, %d pongs, %d unexpected closes", holdSeconds, pongs, unexpectedCloses));
    rows.put(
        "server RSS before / after",
        serverRssBeforeKb / 1024 + " / " + serverRssAfterKb / 1024 + " MiB");
    rows.put("server RSS per connection", String.format("%.1f KB", serverRssPerConnectionKb));
    rows.put(
        "server live heap per connection",
        serverLiveHeapPerConnectionKb < 0
            ? "n/a (no jcmd or no pid)"
            : String.format("%.1f KB (after full GC)", serverLiveHeapPerConnectionKb));
    if (loggedInThisRun > 0) {
      rows.put(
          "warning",
          loggedInThisRun
              + " devices logged in during this run: Argon2 grew the heap first, so RSS per connection reads low; run again with the same --work-dir");
    }
    rows.put("server CPU while idle", String.format("%.1f%%", serverCpuPercentWhileIdle));
    rows.put("bench RSS", benchRssKb / 1024 + " MiB");
    return rows;
  }
}
