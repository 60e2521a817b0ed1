package dev.parley.acceptance.cluster;

import dev.parley.engines.ClusterDirectory;
import dev.parley.engines.EngineProcess;
import dev.parley.engines.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** nginx with the project's own {@code cluster/nginx/nginx.conf}, in front of three nodes. */
final class LoadBalancer implements AutoCloseable {
  private final int port = LoopbackPorts.free();
  private final EngineProcess nginx;

  LoadBalancer(Path runDir, List<Integer> nodePorts) {
    try {
      Files.createDirectories(runDir.resolve("logs"));
      Files.createDirectories(runDir.resolve("nginx"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path config =
        ClusterDirectory.locate()
            .render(
                "nginx/nginx.conf",
                runDir.resolve("nginx.conf"),
                Map.of(
                    "RUN_DIR", runDir.toString(),
                    "LB_PORT", Integer.toString(port),
                    "NODE1_PORT", Integer.toString(nodePorts.get(0)),
                    "NODE2_PORT", Integer.toString(nodePorts.get(1)),
                    "NODE3_PORT", Integer.toString(nodePorts.get(2))));
    nginx =
        EngineProcess.start(
            "nginx",
            List.of("nginx", "-p", runDir.toString(), "-c", config.toString()),
            runDir,
            runDir.resolve("logs/nginx.out"));
    nginx.awaitReady(Duration.ofSeconds(10), () -> LoopbackPorts.accepts(port));
  }

  URI httpUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    nginx.close();
  }
}
