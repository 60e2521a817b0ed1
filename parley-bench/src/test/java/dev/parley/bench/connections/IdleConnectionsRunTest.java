package dev.parley.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import dev.parley.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class IdleConnectionsRunTest {

  @Test
  void opensAuthenticatedConnectionsFromSeveralSourceAddressesAndKeepsThemAlive() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      IdleConnectionsRun run =
          new IdleConnectionsRun(
              new ServerTarget(server.httpUri(), 0),
              accounts,
              new PrintStream(OutputStream.nullOutputStream()));

      // 40 devices of 4 users over 2 source addresses, pinging every 0.2 s while held for 1 s.
      ConnectionsResult result = run.run(new IdleConnectionsRun.Shape(40, 10, 2, 1, 0.2, "idle"));

      assertThat(result.open()).isEqualTo(40);
      assertThat(result.failed()).isZero();
      assertThat(result.users()).isEqualTo(4);
      assertThat(result.loggedInThisRun()).isEqualTo(40);
      assertThat(result.pongs()).isPositive();
      assertThat(result.unexpectedCloses()).isZero();
    }
  }
}
