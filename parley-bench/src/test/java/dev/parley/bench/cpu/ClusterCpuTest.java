package dev.parley.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.bench.cpu.ClusterCpu.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCpuTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void perProcessPercentAndMillisecondsPerDeliveredMessage() {
    ClusterProcesses cluster = cluster("kafka", 10, "node1", 20, "nginx", 30);
    // 10 s window, 100 ticks per second: kafka 400 ticks = 4 CPU-s = 40 % of a core.
    CpuSample before = sample(0, ticks("kafka", 1000, "node1", 500, "nginx", 50), 300, 10_000);
    CpuSample after = sample(10, ticks("kafka", 1400, "node1", 800, "nginx", 60), 400, 11_500);
    // node1's compiler threads took 100 of its 300 ticks.
    before = withJit(before, ticks("kafka", 0, "node1", 200, "nginx", 0));
    after = withJit(after, ticks("kafka", 0, "node1", 300, "nginx", 0));
    // kafka's threads were woken 25,000 times in the window, node1's 5,000, nginx's 500.
    before = withWakeups(before, ticks("kafka", 100_000, "node1", 7_000, "nginx", 10));
    after = withWakeups(after, ticks("kafka", 125_000, "node1", 12_000, "nginx", 510));

    ClusterCpu cpu = ClusterCpu.between(before, after, cluster, 1000, 2);

    assertThat(cpu.seconds()).isEqualTo(10.0);
    assertThat(cpu.processes())
        .containsExactly(
            new ProcessCpu("kafka", 10, 40.0, 4.0, 0.0, 25.0),
            new ProcessCpu("node1", 20, 30.0, 3.0, 10.0, 5.0),
            new ProcessCpu("nginx", 30, 1.0, 0.1, 0.0, 0.5));
    ProcessCpu all = cpu.allProcesses();
    assertThat(all.cpuPercent()).isCloseTo(71.0, within(1e-9));
    assertThat(all.cpuMsPerMessage()).isCloseTo(7.1, within(1e-9));
    assertThat(all.jitPercent()).isCloseTo(10.0, within(1e-9));
    assertThat(all.wakeupsPerMessage()).isCloseTo(30.5, within(1e-9));
    assertThat(cpu.withoutJit().cpuPercent()).isCloseTo(61.0, within(1e-9));
    assertThat(cpu.withoutJit().cpuMsPerMessage()).isCloseTo(6.1, within(1e-9));
    assertThat(cpu.loadGenerator().cpuPercent()).isCloseTo(10.0, within(1e-9));
    // Machine 1500 ticks: 1500 - 710 (cluster) - 100 (bench) = 690 ticks for everything else.
    assertThat(cpu.machineCpuPercent()).isCloseTo(150.0, within(1e-9));
    assertThat(cpu.others().cpuPercent()).isCloseTo(69.0, within(1e-9));
    assertThat(cpu.others().cpuMsPerMessage()).isCloseTo(6.9, within(1e-9));
  }

  @Test
  void aProcessMissingAtEitherEndCountsZeroAndNothingGoesNegative() {
    ClusterProcesses cluster = cluster("kafka", 10, "redis", 20);
    CpuSample before = sample(0, ticks("kafka", 1000, "redis", 100), 0, 0);
    CpuSample after = sample(5, ticks("kafka", 1100), 0, 50); // redis died; skewed machine reading

    ClusterCpu cpu = ClusterCpu.between(before, after, cluster, 0, 2);

    assertThat(cpu.processes().get(1).cpuPercent()).isZero();
    assertThat(cpu.others().cpuPercent()).isZero();
    // Nothing delivered: no per-message figure rather than a division by zero.
    assertThat(cpu.allProcesses().cpuMsPerMessage()).isZero();
    assertThat(cpu.allProcesses().cpuPercent()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void rowsNameEveryProcessAndTheSums() {
    ClusterProcesses cluster = cluster("kafka", 10);
    CpuSample before = sample(0, ticks("kafka", 0), 0, 0);
    CpuSample after = sample(1, ticks("kafka", 50), 10, 100);

    Map<String, String> rows = ClusterCpu.between(before, after, cluster, 100, 2).rows();

    assertThat(rows)
        .containsKeys(
            "CPU kafka (pid 10)",
            "CPU all processes",
            "CPU all processes without JIT compilation",
            "CPU load generator",
            "CPU others (machine - all - bench)");
    assertThat(rows.get("CPU kafka (pid 10)")).contains("50.0%").contains("5.000 ms");
  }

  @Test
  void wakeUpsAreTheVoluntarySwitchesOfATasksStatusNotThePreemptions() {
    String status =
        "Name:\tparley-sequence\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t1234\n"
            + "nonvoluntary_ctxt_switches:\t56\n";

    assertThat(ThreadWakeups.parse(status)).isEqualTo(1234);
    assertThat(ThreadWakeups.parse("Name:\tx\n")).isZero();
  }

  @Test
  void thisJvmsThreadsHaveBeenWokenAndAProcessThatIsNotRunningCountsZero() {
    assertThat(ThreadWakeups.of(ProcessHandle.current().pid())).isPositive();
    assertThat(ThreadWakeups.of(Long.MAX_VALUE)).isZero();
  }

  @Test
  void onlyHotSpotsCompilerThreadsCountAsJit() {
    assertThat(JitThreads.isCompilerThread("C2 CompilerThre")).isTrue();
    assertThat(JitThreads.isCompilerThread("C1 CompilerThre")).isTrue();
    assertThat(JitThreads.isCompilerThread("GC Thread#0")).isFalse();
    assertThat(JitThreads.isCompilerThread("parley-sequence")).isFalse();
  }

  @Test
  void thisJvmHasCompilerThreadsThatHaveRun() {
    // The test JVM itself: its compiler threads have compiled something by now.
    assertThat(JitThreads.ticks(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void readsEveryPidFileOfARunDirectoryEnginesFirstThenNodesThenNginx(@TempDir Path run)
      throws IOException {
    Path pids = Files.createDirectories(run.resolve("pids"));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("nginx", "7\n");
    files.put("node2", "5\n");
    files.put("node1", "4\n");
    files.put("redis", "3\n");
    files.put("cassandra", "2\n");
    files.put("kafka", "1\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(pids.resolve(f.getKey() + ".pid"), f.getValue());
    }
    Files.writeString(pids.resolve("README"), "not a pid file");

    ClusterProcesses cluster = ClusterProcesses.fromRunDir(run);

    assertThat(cluster.pids().keySet())
        .containsExactly("kafka", "cassandra", "redis", "node1", "node2", "nginx");
    assertThat(cluster.pids().get("nginx")).isEqualTo(7);
  }

  @Test
  void aDirectoryWithoutPidFilesIsAnError(@TempDir Path run) {
    assertThatThrownBy(() -> ClusterProcesses.fromRunDir(run))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cluster/start.sh");
  }

  private static ClusterProcesses cluster(Object... nameThenPid) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (int i = 0; i < nameThenPid.length; i += 2) {
      pids.put((String) nameThenPid[i], ((Number) nameThenPid[i + 1]).longValue());
    }
    return new ClusterProcesses(pids);
  }

  private static Map<String, Long> ticks(Object... nameThenTicks) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (int i = 0; i < nameThenTicks.length; i += 2) {
      ticks.put((String) nameThenTicks[i], ((Number) nameThenTicks[i + 1]).longValue());
    }
    return ticks;
  }

  private static CpuSample sample(int second, Map<String, Long> ticks, long bench, long machine) {
    return new CpuSample(ticks, Map.of(), Map.of(), bench, machine, second * SECOND);
  }

  private static CpuSample withJit(CpuSample s, Map<String, Long> jit) {
    return new CpuSample(
        s.processTicks(),
        jit,
        s.wakeups(),
        s.loadGeneratorTicks(),
        s.machineBusyTicks(),
        s.nanos());
  }

  private static CpuSample withWakeups(CpuSample s, Map<String, Long> wakeups) {
    return new CpuSample(
        s.processTicks(),
        s.jitTicks(),
        wakeups,
        s.loadGeneratorTicks(),
        s.machineBusyTicks(),
        s.nanos());
  }
}
