package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.relay.RelayServer;
import dev.parley.bench.target.ServerTarget;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ChatLoadRelayTest {

  @Test
  void chatLoadThroughTheRelayLosesNothing() throws Exception {
    try (RelayServer relay = RelayServer.start(0, 1)) {
      ChatOptions options = new ChatOptions(4, 1, 8, 400, 0.5, 1.5, 10, 100, 1, "t");
      ServerTarget target = new ServerTarget(URI.create("http://127.0.0.1:" + relay.port()), 0);

      ChatResult result =
          new ChatLoad(options, target, null, new PrintStream(OutputStream.nullOutputStream()))
              .run();

      assertThat(result.target()).isEqualTo("relay");
      assertThat(result.delivered()).isPositive();
      assertThat(result.deliveredPerSecond()).isPositive();
      assertThat(result.receiptRoundTrip().count()).isPositive();
      assertThat(result.acked()).isEqualTo(result.sent());
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(result.outOfOrder()).isZero();
      assertThat(result.errors()).isZero();
    }
  }
}
