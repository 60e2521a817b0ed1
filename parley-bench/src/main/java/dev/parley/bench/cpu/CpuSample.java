package dev.parley.bench.cpu;

import dev.parley.bench.target.MachineCpu;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of CPU time, in clock ticks: each running cluster process with its children (a
 * process not running is absent), the load generator (this JVM), and the whole machine's busy time;
 * {@code nanos} is when it was taken. {@code jitTicks} is the part of each process's figure its JIT
 * compiler threads took.
 */
public record CpuSample(
    Map<String, Long> processTicks,
    Map<String, Long> jitTicks,
    long loadGeneratorTicks,
    long machineBusyTicks,
    long nanos) {

  public CpuSample {
    processTicks = Collections.unmodifiableMap(new LinkedHashMap<>(processTicks));
    jitTicks = Collections.unmodifiableMap(new LinkedHashMap<>(jitTicks));
  }

  /** Reads /proc now. */
  public static CpuSample take(ClusterProcesses cluster) {
    long nanos = System.nanoTime();
    ProcessTable table = ProcessTable.read();
    Map<String, Long> ticks = new LinkedHashMap<>();
    Map<String, Long> jit = new LinkedHashMap<>();
    cluster
        .pids()
        .forEach(
            (name, pid) -> {
              if (table.contains(pid)) {
                ticks.put(name, table.treeTicks(pid));
                jit.put(name, JitThreads.ticks(pid));
              }
            });
    return new CpuSample(
        ticks,
        jit,
        table.treeTicks(ProcessHandle.current().pid()),
        MachineCpu.now().busyTicks(),
        nanos);
  }
}
