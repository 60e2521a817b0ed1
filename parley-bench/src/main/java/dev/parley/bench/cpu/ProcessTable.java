package dev.parley.bench.cpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every process of the machine at one instant, by pid, so that a process's CPU can include its
 * children's (nginx's workers, whatever a launcher script left running under it). Threads need no
 * walk: a process's stat line already sums all its threads.
 */
public final class ProcessTable {
  private final Map<Long, ProcStat> byPid;
  private final Map<Long, List<Long>> children = new HashMap<>();

  public ProcessTable(Collection<ProcStat> processes) {
    byPid = new HashMap<>();
    for (ProcStat p : processes) {
      byPid.put(p.pid(), p);
      children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid());
    }
  }

  /**
   * Reads {@code /proc/<pid>/stat} of every live process; those that exit meanwhile are skipped.
   */
  public static ProcessTable read() {
    List<ProcStat> processes = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          processes.add(ProcStat.parse(Files.readString(dir.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
          // Gone between the listing and the read, or not ours to read.
        }
      }
    } catch (IOException e) {
      // No /proc (not Linux): an empty table, every figure zero.
    }
    return new ProcessTable(processes);
  }

  public boolean contains(long pid) {
    return byPid.containsKey(pid);
  }

  /** Ticks of {@code root} and all its live descendants; 0 when {@code root} is not running. */
  public long treeTicks(long root) {
    long ticks = 0;
    for (long pid : tree(root)) {
      ticks += byPid.get(pid).ticks();
    }
    return ticks;
  }

  /** {@code root} and all its live descendants; empty when {@code root} is not running. */
  public List<Long> tree(long root) {
    List<Long> tree = new ArrayList<>();
    if (!byPid.containsKey(root)) {
      return tree;
    }
    Deque<Long> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      tree.add(pid);
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    return tree;
  }
}
