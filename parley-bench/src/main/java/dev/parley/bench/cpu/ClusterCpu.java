package dev.parley.bench.cpu;

import dev.parley.bench.target.ProcessStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU of every cluster process over a bench's measured window, as a percentage of one core and as
 * milliseconds of CPU per delivered message (CPU-seconds ÷ messages the bench counted as delivered
 * in the window). {@code allProcesses} sums the cluster's processes; {@code loadGenerator} is the
 * bench; {@code others} is what the rest of the machine took (machine busy time minus both), the
 * figure that says whether the machine was quiet. Each process's JIT compilation is shown apart,
 * and {@code withoutJit} is the sum without it: compilation ends once the code is hot, so that is
 * the cost a long-running cluster pays (an upper bound). Wake-ups per message count how often a
 * process's threads were woken after waiting ({@link ThreadWakeups}), the figure that batching at
 * each hop lowers.
 */
public record ClusterCpu(
    double seconds,
    long delivered,
    List<ProcessCpu> processes,
    ProcessCpu allProcesses,
    ProcessCpu withoutJit,
    ProcessCpu loadGenerator,
    ProcessCpu others,
    double machineCpuPercent,
    int cores) {

  /**
   * One process's share: {@code pid} 0 for the sums; {@code jitPercent} the part of {@code
   * cpuPercent} its JIT compiler threads took; {@code wakeupsPerMessage} its threads' wake-ups per
   * delivered message (0 where not counted: the load generator, the rest of the machine).
   */
  public record ProcessCpu(
      String name,
      long pid,
      double cpuPercent,
      double cpuMsPerMessage,
      double jitPercent,
      double wakeupsPerMessage) {}

  public ClusterCpu {
    processes = List.copyOf(processes);
  }

  /**
   * The figures between two readings, {@code delivered} messages having arrived in between. A
   * process missing from either reading (it died, or the pid file is stale) counts 0.
   */
  public static ClusterCpu between(
      CpuSample before, CpuSample after, ClusterProcesses cluster, long delivered, int cores) {
    double seconds = (after.nanos() - before.nanos()) / 1e9;
    List<ProcessCpu> processes = new ArrayList<>();
    long all = 0;
    long allJit = 0;
    long allWakeups = 0;
    for (Map.Entry<String, Long> e : cluster.pids().entrySet()) {
      long ticks = delta(before.processTicks(), after.processTicks(), e.getKey());
      long jit = Math.min(ticks, delta(before.jitTicks(), after.jitTicks(), e.getKey()));
      long wakeups = delta(before.wakeups(), after.wakeups(), e.getKey());
      all += ticks;
      allJit += jit;
      allWakeups += wakeups;
      processes.add(share(e.getKey(), e.getValue(), ticks, jit, wakeups, seconds, delivered));
    }
    long bench = Math.max(0, after.loadGeneratorTicks() - before.loadGeneratorTicks());
    long machine = Math.max(0, after.machineBusyTicks() - before.machineBusyTicks());
    // Readings are not atomic across /proc files: a tick or two of skew must not show as negative.
    long others = Math.max(0, machine - all - bench);
    return new ClusterCpu(
        seconds,
        delivered,
        processes,
        share("all processes", 0, all, allJit, allWakeups, seconds, delivered),
        share("without JIT compilation", 0, all - allJit, 0, 0, seconds, delivered),
        share("load generator", 0, bench, 0, 0, seconds, delivered),
        share("others", 0, others, 0, 0, seconds, delivered),
        percent(machine, seconds),
        cores);
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
    Long a = before.get(name);
    Long b = after.get(name);
    // A process that was not running at one end (restarted, died) has no meaningful difference.
    return a == null || b == null ? 0 : Math.max(0, b - a);
  }

  private static ProcessCpu share(
      String name,
      long pid,
      long ticks,
      long jitTicks,
      long wakeups,
      double seconds,
      long delivered) {
    double cpuSeconds = ticks / (double) ProcessStats.TICKS_PER_SECOND;
    return new ProcessCpu(
        name,
        pid,
        percent(ticks, seconds),
        delivered == 0 ? 0 : 1000 * cpuSeconds / delivered,
        percent(jitTicks, seconds),
        delivered == 0 ? 0 : wakeups / (double) delivered);
  }

  private static double percent(long ticks, double seconds) {
    return seconds <= 0 ? 0 : 100.0 * ticks / ProcessStats.TICKS_PER_SECOND / seconds;
  }

  /** Table rows: one per process, the sums, the machine. */
  public Map<String, String> rows() {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("CPU window", String.format("%.1f s, %,d messages delivered", seconds, delivered));
    for (ProcessCpu p : processes) {
      rows.put("CPU " + p.name() + " (pid " + p.pid() + ")", format(p));
    }
    rows.put("CPU all processes", format(allProcesses));
    rows.put("CPU all processes without JIT compilation", format(withoutJit));
    rows.put("CPU load generator", format(loadGenerator));
    rows.put("CPU others (machine - all - bench)", format(others));
    rows.put("CPU machine", String.format("%.0f%% of %d00%%", machineCpuPercent, cores));
    return rows;
  }

  private static String format(ProcessCpu p) {
    String row =
        String.format(
            "%5.1f%% of a core, %.3f ms per delivered msg", p.cpuPercent(), p.cpuMsPerMessage());
    if (p.jitPercent() > 0) {
      row += String.format(" (JIT %.1f%%)", p.jitPercent());
    }
    if (p.wakeupsPerMessage() > 0) {
      row += String.format(", %.1f wake-ups per msg", p.wakeupsPerMessage());
    }
    return row;
  }
}
