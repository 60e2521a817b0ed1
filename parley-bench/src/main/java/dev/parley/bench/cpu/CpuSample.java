package dev.parley.bench.cpu;

import dev.parley.bench.target.MachineCpu;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of CPU time, in clock ticks: each running cluster process with its children (a
 * process not running is absent), the load generator (this JVM), and the whole machine's busy time;
 * {@code nanos} is when it was taken. {@code jitTicks} is the part of each process's figure its JIT
 * compiler threads took; {@code wakeups} counts how often the threads of each process (with its
 * children) were woken after waiting ({@link ThreadWakeups}).
 */
public record CpuSample(
    Map<String, Long> processTicks,
    Map<String, Long> jitTicks,
    Map<String, Long> wakeups,
    long loadGeneratorTicks,
    long machineBusyTicks,
    long nanos) {

  public CpuSample {
    processTicks = Collections.unmodifiableMap(new LinkedHashMap<>(processTicks));
    jitTicks = Collections.unmodifiableMap(new LinkedHashMap<>(jitTicks));
    wakeups = Collections.unmodifiableMap(new LinkedHashMap<>(wakeups));
  }

  /** Reads /proc now. */
  public static CpuSample take(ClusterProcesses cluster) {
    long nanos = System.nanoTime();
    ProcessTable table = ProcessTable.read();
    Map<String, Long> ticks = new LinkedHashMap<>();
    Map<String, Long> jit = new LinkedHashMap<>();
    Map<String, Long> wakeups = new LinkedHashMap<>();
    cluster
        .pids()
        .forEach(
            (name, pid) -> {
              if (table.contains(pid)) {
                ticks.put(name, table.treeTicks(pid));
                jit.put(name, JitThreads.ticks(pid));
                wakeups.put(name, table.tree(pid).stream().mapToLong(ThreadWakeups::of).sum());
              }
            });
    return new CpuSample(
        ticks,
        jit,
        wakeups,
        table.treeTicks(ProcessHandle.current().pid()),
        MachineCpu.now().busyTicks(),
        nanos);
  }
}
