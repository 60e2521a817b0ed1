package dev.parley.server.config;

import dev.parley.server.ParleyServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley server}: runs a single node with the embedded store until interrupted. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Parley server with the embedded store (RocksDB under --data-dir); nothing else to install.",
      "Every option can also come from the environment variable PARLEY_<OPTION> (e.g. PARLEY_DATA_DIR)",
      "or from the key <option> (e.g. data-dir=/var/lib/parley) in the properties file given by --config",
      "or PARLEY_CONFIG. Precedence: flag, environment, file, default.",
    })
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "7070", description = "TCP port for HTTP, WebSocket and the web client (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data-dir", defaultValue = "data", description = "Directory of the embedded store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--config", description = "Properties file with defaults for these options.")
  Path config;

  @Option(names = "--sync-writes", defaultValue = "true", arity = "1", description = "fsync before acknowledging a message (default: ${DEFAULT-VALUE}). false risks losing acknowledged messages on power loss.")
  boolean syncWrites;

  @Option(names = "--max-frame-bytes", defaultValue = "65536", description = "Largest WebSocket frame answered normally (default: ${DEFAULT-VALUE}).")
  int maxFrameBytes;

  @Option(names = "--max-body-bytes", defaultValue = "16384", description = "Largest message body in UTF-8 bytes (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--sync-batch", defaultValue = "500", description = "Most events in one catch-up frame (default: ${DEFAULT-VALUE}).")
  int syncBatch;

  @Option(names = "--argon2-memory-kib", defaultValue = "19456", description = "Argon2id memory cost per password hash in KiB (default: ${DEFAULT-VALUE}).")
  int argon2MemoryKib;

  @Option(names = "--auth-timeout-ms", defaultValue = "10000", description = "How long a WebSocket may stay unauthenticated (default: ${DEFAULT-VALUE}).")
  long authTimeoutMillis;

  public ServerConfig toConfig() {
    return new ServerConfig(host, port, dataDir, syncWrites, maxFrameBytes, maxBodyBytes, syncBatch, argon2MemoryKib, authTimeoutMillis);
  }

  @Override
  public Integer call() throws InterruptedException {
    ParleyServer server = ParleyServer.start(toConfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "parley-shutdown"));
    System.out.println("Parley is running: open http://localhost:" + server.port() + "/ (Ctrl-C to stop)");
    stopped.await();
    return 0;
  }
}
