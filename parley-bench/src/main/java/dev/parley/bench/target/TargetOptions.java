package dev.parley.bench.target;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the server under test is: a URL, or a child JVM the bench starts (and can then measure).
 */
public final class TargetOptions {
  @Option(
      names = "--url",
      description = "Server base URL (default ${DEFAULT-VALUE}); ignored with --spawn-server.",
      defaultValue = "http://127.0.0.1:7070")
  URI url;

  @Option(
      names = "--spawn-server",
      description =
          "Start the server as a child JVM (java -cp <this classpath> dev.parley.cli.ParleyCommand server) so its CPU and RSS are measured.")
  boolean spawnServer;

  @Option(
      names = "--server-jvm-args",
      split = " ",
      description =
          "JVM options for the spawned server, space-separated, e.g. '-Xmx2g -XX:+FlightRecorder'.",
      defaultValue = "-Xmx4g")
  List<String> serverJvmArgs = new ArrayList<>();

  @Option(
      names = "--server-args",
      split = " ",
      description =
          "Extra arguments for the spawned 'parley server', space-separated, e.g. '--sync-writes false'.")
  List<String> serverArgs = new ArrayList<>();

  @Option(
      names = "--server-pid",
      description = "Process id of a server started separately, to report its CPU and RSS.",
      defaultValue = "0")
  long serverPid;

  @Option(
      names = "--work-dir",
      description =
          "Keeps the spawned server's data and the account cache; reuse it to skip the Argon2 cost of logging devices in again. Default: a new temporary directory.")
  Path workDir;

  @Option(
      names = "--accounts",
      description = "Account cache file (TSV) to reuse devices against a --url server.")
  Path accountsFile;

  @Option(
      names = "--login-threads",
      description = "Parallel registrations/logins (default ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int loginThreads;

  /** Whether the bench starts the server itself (and can therefore stop and restart it). */
  public boolean spawnsServer() {
    return spawnServer;
  }

  /**
   * Adds {@code --option value} pairs to the spawned server's arguments unless the user gave that
   * option: a command's defaults (lifted rate limits, cheap logins) that the user can override.
   */
  public void defaultServerArgs(List<String> pairs) {
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      if (!serverArgs.contains(pairs.get(i))) {
        serverArgs.add(pairs.get(i));
        serverArgs.add(pairs.get(i + 1));
      }
    }
  }

  public List<String> serverArgs() {
    return List.copyOf(serverArgs);
  }

  /**
   * The work directory, created now if none was given, so that opening the target again (a restart)
   * finds the same server data and account cache.
   */
  public Path pinWorkDir() throws IOException {
    if (workDir == null) {
      workDir = Files.createTempDirectory("parley-bench");
    }
    return Files.createDirectories(workDir);
  }

  /** Where a spawned server keeps its store. */
  public Path serverDataDir() throws IOException {
    return pinWorkDir().resolve("server-data");
  }

  /** Opens the target: starts the server if asked to. */
  public OpenTarget open() throws IOException, InterruptedException {
    if (!spawnServer) {
      return new OpenTarget(
          new ServerTarget(url, serverPid), new Accounts(url, accountsFile, loginThreads), null);
    }
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("parley-bench");
    Path data = Files.createDirectories(dir.resolve("server-data"));
    System.err.println("spawning the server; data and logs in " + dir);
    List<String> args =
        new ArrayList<>(
            Arrays.asList(
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                "{port}",
                "--data-dir",
                data.toString()));
    // The bench is one host opening thousands of connections, and may run beside another server.
    defaultServerArg(args, "--max-connections-per-address", "0");
    defaultServerArg(args, "--admin-port", "0");
    args.addAll(serverArgs);
    ChildJvm server =
        ChildJvm.start(
            "dev.parley.cli.ParleyCommand",
            serverJvmArgs,
            args,
            "/healthz",
            dir.resolve("server.log"));
    Accounts accounts = new Accounts(server.httpUri(), dir.resolve("accounts.tsv"), loginThreads);
    return new OpenTarget(new ServerTarget(server.httpUri(), server.pid()), accounts, server);
  }

  private void defaultServerArg(List<String> args, String option, String value) {
    boolean given =
        serverArgs.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    if (!given) {
      args.add(option);
      args.add(value);
    }
  }

  /** An opened target; closing it stops a spawned server. */
  public record OpenTarget(ServerTarget target, Accounts accounts, ChildJvm child)
      implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      accounts.close();
      if (child != null) {
        child.close();
      }
    }
  }
}
