package dev.parley.bench.relay;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench relay}: runs the relay ceiling in the foreground, to aim a load at it by hand. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = "Run the relay ceiling server in the foreground.")
public final class RelayCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "7071", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    try (RelayServer server = RelayServer.start(port, 0)) {
      System.err.println(
          "relay listening on ws://127.0.0.1:" + server.port() + "/relay?pair=<id>&side=a|b");
      server.awaitClose();
    }
    return 0;
  }
}
