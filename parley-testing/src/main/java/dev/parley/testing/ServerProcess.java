package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Parley server in a child JVM ({@code parley server} through {@code
 * dev.parley.cli.ParleyCommand}, which must be on the test classpath), for tests that kill the
 * process the hard way.
 */
public final class ServerProcess implements AutoCloseable {
  private final int port;
  private final int adminPort;
  private final Path dataDir;
  private final Path log;
  private final List<String> extraArgs;
  private Process process;

  private ServerProcess(int port, Path dataDir, Path log, List<String> extraArgs) {
    this.port = port;
    this.adminPort = freePort();
    this.dataDir = dataDir;
    this.log = log;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /**
   * Starts a server on a free port and waits until {@code /readyz} answers. Output goes to {@code
   * log}.
   */
  public static ServerProcess start(Path dataDir, Path log) {
    return start(dataDir, log, List.of());
  }

  /**
   * Like {@link #start(Path, Path)} with more {@code parley server} options (cluster mode, say).
   */
  public static ServerProcess start(Path dataDir, Path log, List<String> extraArgs) {
    ServerProcess p = new ServerProcess(freePort(), dataDir, log, extraArgs);
    try {
      p.begin();
    } catch (RuntimeException | Error e) {
      // A node that never became ready is still running: nobody else holds it to stop it.
      p.kill();
      throw e;
    }
    return p;
  }

  public int port() {
    return port;
  }

  /** Starts (again) on the same port and data directory. */
  public void begin() {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.parley.cli.ParleyCommand",
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--admin-port",
                Integer.toString(adminPort),
                "--data-dir",
                dataDir.toString(),
                "--argon2-memory-kib",
                "1024",
                "--rate-messages",
                "1000000/1000000",
                "--rate-receipts",
                "1000000/1000000",
                "--rate-registrations",
                "1000000/1000000"));
    cmd.addAll(extraArgs);
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A cluster node's start connects to Kafka, Cassandra and Redis and may create their schema: on
    // a loaded two-core machine that took over a minute (the process stays alive, so a crash is
    // still reported at once).
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "server process exited with " + process.exitValue() + "; see " + log);
              }
              return api().get("/readyz", null).statusCode() == 200;
            });
  }

  /**
   * SIGTERM, the way service managers stop a server, then waits (up to a minute) for the process to
   * end; returns its exit code.
   */
  public int terminate() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("server did not stop within 60 s of SIGTERM; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() {
    if (process == null) {
      return; // never started
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public TestApi api() {
    return new TestApi(URI.create("http://127.0.0.1:" + port));
  }

  /** The admin listener: {@code /metrics}, {@code /healthz}, {@code /readyz}. */
  public TestApi adminApi() {
    return new TestApi(URI.create("http://127.0.0.1:" + adminPort));
  }

  public URI wsUri() {
    return URI.create("ws://127.0.0.1:" + port + "/v1/ws");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
