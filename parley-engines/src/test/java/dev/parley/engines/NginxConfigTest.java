package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster/nginx/nginx.conf} carries a WebSocket upgrade through to a node and back, which is
 * what the load balancer is for; a stand-in node answers the handshake and echoes one frame's
 * bytes.
 */
class NginxConfigTest {
  private static final String HANDSHAKE =
      "GET /v1/ws HTTP/1.1\r\nHost: parley\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  @Test
  void upgradeReachesANodeAndBytesFlowBothWays() throws Exception {
    Path runDir = Engines.newDataDirectory("nginx");
    Files.createDirectories(runDir.resolve("logs"));
    int lbPort = LoopbackPorts.free();
    try (ServerSocket node = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // One live node and two dead ports: nginx must pass over refused connections to the live one.
      Path config =
          ClusterDirectory.locate()
              .render(
                  "nginx/nginx.conf",
                  runDir.resolve("nginx.conf"),
                  Map.of(
                      "RUN_DIR", runDir.toString(),
                      "LB_PORT", Integer.toString(lbPort),
                      "NODE1_PORT", Integer.toString(LoopbackPorts.free()),
                      "NODE2_PORT", Integer.toString(node.getLocalPort()),
                      "NODE3_PORT", Integer.toString(LoopbackPorts.free())));
      Files.createDirectories(runDir.resolve("nginx"));
      List<String> command = List.of("nginx", "-p", runDir.toString(), "-c", config.toString());
      try (EngineProcess nginx =
          EngineProcess.start("nginx", command, runDir, runDir.resolve("logs/nginx.out"))) {
        nginx.awaitReady(Duration.ofSeconds(10), () -> LoopbackPorts.accepts(lbPort));
        CompletableFuture<String> seenByNode =
            CompletableFuture.supplyAsync(() -> answerUpgradeAndEcho(node));

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), lbPort)) {
          client.setSoTimeout(10_000);
          client.getOutputStream().write(HANDSHAKE.getBytes(StandardCharsets.US_ASCII));
          assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 101");
          client.getOutputStream().write("frame".getBytes(StandardCharsets.US_ASCII));
          assertThat(
                  new String(
                      client.getInputStream().readNBytes("echo:frame".length()),
                      StandardCharsets.US_ASCII))
              .isEqualTo("echo:frame");
        }
        String request = seenByNode.get(10, TimeUnit.SECONDS).toLowerCase();
        assertThat(request)
            .contains("upgrade: websocket")
            .contains("connection: upgrade")
            .contains("x-forwarded-for: 127.0.0.1");
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> LoopbackPorts.isFree(lbPort));
  }

  /**
   * The stand-in node: reads the proxied handshake, accepts it, echoes five bytes with a prefix.
   */
  private static String answerUpgradeAndEcho(ServerSocket node) {
    try (Socket proxied = node.accept()) {
      proxied.setSoTimeout(10_000);
      String head = readHead(proxied.getInputStream());
      OutputStream out = proxied.getOutputStream();
      out.write(
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      byte[] frame = proxied.getInputStream().readNBytes("frame".length());
      out.write(
          ("echo:" + new String(frame, StandardCharsets.US_ASCII))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads an HTTP head up to and including the blank line, byte by byte so no body byte is
   * consumed.
   */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
