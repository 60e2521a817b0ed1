package dev.parley.bench.cpu;

import java.nio.file.Files;

/**
 * CPU time a JVM spent in its JIT compiler threads. On this box a cluster's seven JVMs keep
 * compiling for many minutes under load, and that work ends once the code is compiled: a figure
 * without it is what a message costs a long-running cluster (at most, since compiled code only gets
 * faster).
 */
final class JitThreads {
  private JitThreads() {}

  /**
   * Ticks of the compiler threads of process {@code pid} ({@code /proc/<pid>/task/<tid>/stat}); 0
   * when it is not a JVM or not running.
   */
  static long ticks(long pid) {
    return ProcessTasks.sum(
        pid,
        task -> {
          String line = Files.readString(task.resolve("stat"));
          return isCompilerThread(ProcStat.name(line)) ? ProcStat.parse(line).ticks() : 0;
        });
  }

  /**
   * HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1", …; the kernel keeps the first 15
   * characters.
   */
  static boolean isCompilerThread(String threadName) {
    return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
  }
}
