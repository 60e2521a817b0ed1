package dev.parley.bench.load;

import dev.parley.bench.cpu.ClusterProcesses;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line options shared by {@code chat} and {@code sweep}. */
public final class ChatLoadOptions {
  @Option(
      names = "--pairs",
      description = "Sender/recipient user pairs (default ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int pairs;

  @Option(
      names = "--devices",
      description =
          "Devices per user (default ${DEFAULT-VALUE}); the sender's other devices receive copies.",
      defaultValue = "1")
  int devices;

  @Option(
      names = "--window",
      description = "Messages in flight per sender (default: 32 closed loop, 10000 with --rate).")
  Integer window;

  @Option(
      names = "--rate",
      description = "Total offered msgs/s (open loop); 0 = closed loop (default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int rate;

  @Option(
      names = "--duration",
      description = "Measured seconds (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  double duration;

  @Option(
      names = "--warmup",
      description =
          "Seconds of load before measuring (default ${DEFAULT-VALUE}); a freshly started server JIT-compiles for tens of seconds, and a shorter warm-up measures that.",
      defaultValue = "20")
  double warmup;

  @Option(
      names = "--drain",
      description =
          "Max seconds to wait for in-flight messages after sending stops (default ${DEFAULT-VALUE}).",
      defaultValue = "15")
  double drain;

  @Option(
      names = "--body-bytes",
      description = "Message body size (default ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int bodyBytes;

  @Option(
      names = "--client-threads",
      description = "Load generator event loops (default ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int clientThreads;

  @Option(
      names = "--handle-prefix",
      description = "Prefix of the bench users' handles (default ${DEFAULT-VALUE}).",
      defaultValue = "chat")
  String handlePrefix;

  @Option(
      names = "--cluster-run-dir",
      description =
          "Run directory of a cluster started by cluster/start.sh (its PARLEY_CLUSTER_RUN_DIR): report the CPU of each process it started (with children), in %% of a core and ms per delivered message, over the measured window.")
  Path clusterRunDir;

  /** The cluster's processes to measure, or {@code null} without {@code --cluster-run-dir}. */
  public ClusterProcesses clusterProcesses() throws IOException {
    return clusterRunDir == null ? null : ClusterProcesses.fromRunDir(clusterRunDir);
  }

  public ChatOptions toOptions() {
    int w = window != null ? window : rate > 0 ? 10_000 : 32;
    return new ChatOptions(
        pairs, devices, w, rate, warmup, duration, drain, bodyBytes, clientThreads, handlePrefix);
  }
}
