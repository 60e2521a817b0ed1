package dev.parley.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of a Linux process, read from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}. CPU is in clock ticks (USER_HZ, 100 on every mainstream kernel).
 */
public record ProcessStats(long cpuTicks, long rssKb, long peakRssKb, long threads) {
  /** Kernel USER_HZ; Linux has exposed 100 to user space on every architecture for decades. */
  public static final int TICKS_PER_SECOND = 100;

  /** Reads the current figures of {@code pid}; all zero when /proc is not available (not Linux). */
  public static ProcessStats of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name in (…) may contain spaces; the fields after the last ')' are fixed.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      long rss = 0;
      long hwm = 0;
      long threads = 0;
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kb(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kb(line);
        } else if (line.startsWith("Threads:")) {
          threads = kb(line);
        }
      }
      return new ProcessStats(utime + stime, rss, hwm, threads);
    } catch (IOException | RuntimeException e) {
      return new ProcessStats(0, 0, 0, 0);
    }
  }

  /** Figures of this JVM. */
  public static ProcessStats self() {
    return of(ProcessHandle.current().pid());
  }

  /** Percent of one core used between {@code earlier} and this sample, over {@code nanos}. */
  public double cpuPercentSince(ProcessStats earlier, long nanos) {
    double seconds = (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND;
    return nanos <= 0 ? 0 : 100.0 * seconds / (nanos / 1e9);
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
