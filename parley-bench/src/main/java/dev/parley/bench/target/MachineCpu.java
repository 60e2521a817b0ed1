package dev.parley.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy time of the whole machine from the first line of {@code /proc/stat}, in clock ticks summed
 * over cores. The bench usually shares its machine; comparing this with the server's and the
 * bench's own CPU shows how much other processes took during a run, which is what makes a figure
 * trustworthy or not.
 */
public record MachineCpu(long busyTicks) {

  public static MachineCpu now() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return new MachineCpu(busy);
    } catch (IOException | RuntimeException e) {
      return new MachineCpu(0);
    }
  }

  /**
   * Percent of one core the whole machine was busy between {@code earlier} and now, over {@code
   * nanos}.
   */
  public double percentSince(MachineCpu earlier, long nanos) {
    double seconds = (busyTicks - earlier.busyTicks) / (double) ProcessStats.TICKS_PER_SECOND;
    return nanos <= 0 ? 0 : 100.0 * seconds / (nanos / 1e9);
  }
}
