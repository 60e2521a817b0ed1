package dev.parley.bench.cpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A figure summed over the threads of one process, each read from its {@code /proc} task directory.
 */
final class ProcessTasks {
  /** What one thread contributes, read from its {@code /proc/<pid>/task/<tid>} directory. */
  interface Reading {
    long of(Path task) throws IOException;
  }

  private ProcessTasks() {}

  /**
   * The sum over every live thread of {@code pid}; 0 when it is not running or there is no /proc.
   */
  static long sum(long pid, Reading reading) {
    long sum = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", pid + "", "task"))) {
      for (Path task : tasks) {
        try {
          sum += reading.of(task);
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read: its share goes with it.
        }
      }
    } catch (IOException e) {
      // The process is gone, or there is no /proc.
    }
    return sum;
  }
}
