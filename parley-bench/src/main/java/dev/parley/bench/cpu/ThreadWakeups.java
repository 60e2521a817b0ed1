package dev.parley.bench.cpu;

import java.nio.file.Files;

/**
 * How often a process's threads went to sleep and were woken again: the sum of every thread's
 * {@code voluntary_ctxt_switches} in {@code /proc/<pid>/task/<tid>/status}. A thread that waits for
 * a socket, a queue or a lock and is woken costs kernel transitions and a reschedule whatever it
 * then does (~10 µs on this box, docs/benchmarks.md), so the count shows which hops batching has
 * not reached yet. Preemptions (involuntary switches) are left out: they say the machine was busy,
 * not what a message needs.
 */
final class ThreadWakeups {
  private static final String FIELD = "voluntary_ctxt_switches:";

  private ThreadWakeups() {}

  /** Wake-ups of every thread of process {@code pid} so far; 0 when it is not running. */
  static long of(long pid) {
    return ProcessTasks.sum(pid, task -> parse(Files.readString(task.resolve("status"))));
  }

  /** The voluntary switches of one task's status file; 0 when the kernel does not report them. */
  static long parse(String status) {
    for (String line : status.split("\n")) {
      // "nonvoluntary_ctxt_switches:" ends with the same text, so match from the line's start.
      if (line.startsWith(FIELD)) {
        return Long.parseLong(line.substring(FIELD.length()).trim());
      }
    }
    return 0;
  }
}
