package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Engines orphaned by a JVM that died without running its shutdown hooks (a test run killed on a
 * timeout, say), found and stopped on the next start so they do not pile up.
 *
 * <p>Every {@link EngineProcess} leaves a {@code <name>.pid} file in its working directory holding
 * {@code <engine pid> <owner pid>}. An engine is a leftover only if its owner is gone, it is alive,
 * and its working directory is still that file's directory, so a recycled pid is never signalled.
 */
final class LeftoverEngines {
  private LeftoverEngines() {}

  /** Records who started {@code process} from which directory. */
  static void record(Path workDir, String name, long pid) {
    try {
      Files.writeString(
          workDir.resolve(name + ".pid"), pid + " " + ProcessHandle.current().pid() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills the leftovers recorded in the directories directly under {@code base}; returns their
   * pids.
   */
  static List<Long> reap(Path base) {
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files =
        Files.find(
            base, 2, (path, attrs) -> attrs.isRegularFile() && path.toString().endsWith(".pid"))) {
      return files
          .flatMap(pidFile -> leftover(pidFile).stream())
          .peek(ProcessHandle::destroyForcibly)
          .map(ProcessHandle::pid)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<ProcessHandle> leftover(Path pidFile) {
    try {
      String[] fields = Files.readString(pidFile).strip().split(" ");
      long pid = Long.parseLong(fields[0]);
      long owner = Long.parseLong(fields[1]);
      if (ProcessHandle.of(owner).filter(ProcessHandle::isAlive).isPresent()) {
        return Optional.empty();
      }
      Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
      if (!cwd.equals(pidFile.getParent().toAbsolutePath())) {
        return Optional.empty();
      }
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      // Gone, unreadable or not ours: nothing to reap.
      return Optional.empty();
    }
  }
}
