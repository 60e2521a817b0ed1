package dev.parley.bench.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import dev.parley.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CatchupRunTest {

  @Test
  void offlineDeviceGetsEveryMissedMessageOnceAndInOrder() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      CatchupRun run =
          new CatchupRun(
              new ServerTarget(server.httpUri(), 0),
              accounts,
              new PrintStream(OutputStream.nullOutputStream()));

      CatchupResult result = run.run(1_200, 2, 32, 100, "cu");

      assertThat(result.received()).isEqualTo(1_200);
      assertThat(result.lost()).isZero();
      assertThat(result.duplicatedOrReordered()).isZero();
      assertThat(result.reset()).isFalse();
      // 1,200 events at most 500 per frame (the server's syncBatch) need at least three frames.
      assertThat(result.feedFrames()).isGreaterThanOrEqualTo(3);
    }
  }
}
