package dev.parley.acceptance.cluster;

import dev.parley.client.HistoryPage;
import dev.parley.client.Message;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestApi;
import dev.parley.testing.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three Parley nodes as child processes (so a test can kill one with -9) behind nginx, over the
 * shared test engines: the shape of {@code cluster/start.sh}. Clients connect through the balancer
 * and move to a survivor when their node dies.
 */
final class ProcessCluster implements AutoCloseable {
  private final LocalCluster cluster = new LocalCluster();
  private final List<ServerProcess> nodes = new ArrayList<>();
  private final LoadBalancer lb;

  ProcessCluster(Path dir) {
    this(dir, List.of());
  }

  /** With {@code extraArgs} added to every node's command line. */
  ProcessCluster(Path dir, List<String> extraArgs) {
    try {
      for (int n = 1; n <= 3; n++) {
        List<String> args = new ArrayList<>(cluster.args("node-" + n));
        args.addAll(extraArgs);
        nodes.add(
            ServerProcess.start(dir.resolve("n" + n), dir.resolve("node" + n + ".log"), args));
      }
      lb = new LoadBalancer(dir.resolve("lb"), nodes.stream().map(ServerProcess::port).toList());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  TestApi api() {
    return new TestApi(lb.httpUri());
  }

  /** kill -9 of node {@code n} (1 to 3), with its sessions and its partitions. */
  void kill(int n) {
    nodes.get(n - 1).kill();
  }

  /** A client that retries and reconnects quickly, through the balancer. */
  ParleyClient client(TestDevice device, Path store, ParleyListener listener) {
    ParleyClient client =
        ParleyClient.builder()
            .serverUri(lb.httpUri())
            .token(device.token())
            .store(store)
            .listener(listener)
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    client.start();
    return client;
  }

  /** The conversation's bodies as stored, oldest first. */
  static List<String> history(ParleyClient client, String conv) throws Exception {
    List<String> bodies = new ArrayList<>();
    String before = null;
    do {
      HistoryPage page = client.history(conv, before, 200).get(30, TimeUnit.SECONDS);
      bodies.addAll(0, page.messages().stream().map(Message::body).toList());
      before = page.next();
    } while (before != null);
    return bodies;
  }

  @Override
  public void close() {
    if (lb != null) {
      lb.close();
    }
    for (ServerProcess node : nodes) {
      node.close();
    }
    cluster.close();
  }
}
