package dev.parley.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The processes of a cluster started by {@code cluster/start.sh}, by name: one per {@code <run
 * dir>/pids/<name>.pid} file (kafka, cassandra, redis, node1…3, nginx). Each pid is the process
 * itself ({@code start.sh} and the {@code parley} launcher exec), and its children are counted with
 * it.
 */
public record ClusterProcesses(Map<String, Long> pids) {
  /** Engines first, then the nodes, then the load balancer: the order of the bench's table. */
  private static final List<String> ORDER = List.of("kafka", "cassandra", "redis", "nginx");

  public ClusterProcesses {
    pids = Collections.unmodifiableMap(new LinkedHashMap<>(pids));
  }

  /** Reads the pid files of {@code runDir}; fails if there are none (not a run directory). */
  public static ClusterProcesses fromRunDir(Path runDir) throws IOException {
    Path dir = runDir.resolve("pids");
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(p -> p.getFileName().toString().endsWith(".pid")).forEach(files::add);
      }
    }
    if (files.isEmpty()) {
      throw new IOException(
          "no pid files in " + dir + ": is the cluster started (cluster/start.sh)?");
    }
    Map<String, Long> pids = new LinkedHashMap<>();
    files.stream()
        .sorted(Comparator.comparing(ClusterProcesses::rank).thenComparing(Path::toString))
        .forEach(
            f -> {
              String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
              try {
                pids.put(name, Long.parseLong(Files.readString(f).trim()));
              } catch (IOException | NumberFormatException e) {
                throw new IllegalArgumentException("unreadable pid file " + f, e);
              }
            });
    return new ClusterProcesses(pids);
  }

  private static int rank(Path pidFile) {
    String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
    int known = ORDER.indexOf(name);
    if (name.equals("nginx")) {
      return 1000; // after the nodes
    }
    return known >= 0 ? known : 100;
  }

  /** The names whose process is not running in {@code table} (a crashed engine, a stale file). */
  public List<String> missing(ProcessTable table) {
    return pids.entrySet().stream()
        .filter(e -> !table.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }
}
