package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One operating-system process started for an engine: its output goes to a log file, it can be
 * waited on until ready, and {@link #close()} stops it, and only it, by its pid.
 */
public final class EngineProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path log;

  private EngineProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code log}. */
  public static EngineProcess start(String name, List<String> command, Path workDir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LeftoverEngines.record(workDir, name, process.pid());
      return new EngineProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  /**
   * Runs {@code command} to completion (a setup step such as formatting Kafka's storage) and fails
   * with the log's tail if it does not exit with 0 within {@code timeout}.
   */
  public static void runToCompletion(
      String name, List<String> command, Path workDir, Path log, Duration timeout) {
    try (EngineProcess step = start(name, command, workDir, log)) {
      try {
        Awaitility.await(name)
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> !step.process.isAlive());
      } catch (ConditionTimeoutException e) {
        throw step.failure("did not finish within " + timeout);
      }
      if (step.process.exitValue() != 0) {
        throw step.failure("exited with " + step.process.exitValue());
      }
    }
  }

  /**
   * Polls {@code probe} until it returns true, failing fast if the process dies meanwhile;
   * exceptions from the probe mean "not yet" (a refused connection is the normal answer while an
   * engine boots).
   */
  public void awaitReady(Duration timeout, Callable<Boolean> probe) {
    try {
      Awaitility.await(name + " ready")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsMatching(e -> !(e instanceof EngineDiedException))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new EngineDiedException();
                }
                return probe.call();
              });
    } catch (ConditionTimeoutException | EngineDiedException e) {
      throw failure(
          process.isAlive() ? "not ready within " + timeout : "exited with " + process.exitValue());
    }
  }

  /** The process id, to find it with ps or to check that it is gone. */
  public long pid() {
    return process.pid();
  }

  /** The file that receives the process's stdout and stderr. */
  public Path log() {
    return log;
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the process: SIGTERM so the engine shuts down cleanly, SIGKILL if it has not exited after
   * a grace period. Children it may have spawned are killed too, so nothing outlives the engine.
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      Awaitility.await(name + " stopped")
          .atMost(STOP_GRACE)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !process.isAlive());
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      process.onExit().join();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  IllegalStateException failure(String what) {
    return new IllegalStateException(
        name + " (pid " + process.pid() + ") " + what + "; last lines of " + log + ":\n" + tail());
  }

  private String tail() {
    try {
      // Latin-1 reads any byte, so a stray non-UTF-8 byte in an engine's output cannot hide the
      // log.
      List<String> lines = Files.readString(log, StandardCharsets.ISO_8859_1).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Stops readiness polling at once: an engine that exited will not become ready. */
  private static final class EngineDiedException extends RuntimeException {
    EngineDiedException() {
      super(null, null, false, false);
    }
  }
}
