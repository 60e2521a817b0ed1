package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import dev.parley.core.messaging.RateLimits;
import dev.parley.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ChatLoadParleyTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void lowRateChatWithTwoDevicesPerUserLosesDuplicatesAndReordersNothing() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      ChatOptions options = new ChatOptions(3, 2, 16, 300, 0.5, 2, 15, 100, 1, "t");
      ServerTarget target = new ServerTarget(server.httpUri(), ProcessHandle.current().pid());

      ChatResult result = new ChatLoad(options, target, accounts, QUIET).run();

      assertThat(result.target()).isEqualTo("parley");
      assertThat(result.errors()).as(result.lastError()).isZero();
      assertThat(result.acked()).isEqualTo(result.sent()).isPositive();
      // Every acked message reaches the recipient's 2 devices and the sender's other device.
      assertThat(result.delivered()).isEqualTo(3 * result.acked());
      assertThat(result.deliveredPerSecond()).isPositive();
      assertThat(result.receiptRoundTrip().count()).isPositive();
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(result.outOfOrder()).isZero();
      assertThat(result.outOfSeqOrder()).isZero();
      assertThat(result.unexpectedCloses()).isZero();
    }
  }

  @Test
  void sessionsWhoseServerGoesAwayConnectAgainAndLoseDuplicateAndReorderNothing() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      ChatOptions options = new ChatOptions(3, 2, 10_000, 150, 0.5, 3, 30, 100, 1, "k");
      ServerTarget target = new ServerTarget(server.httpUri(), 0);

      ChatResult result =
          new ChatLoad(options, target, accounts, QUIET).halfway(server::restart).run();

      assertThat(result.unexpectedCloses()).isEqualTo(4 * 3); // every socket, once
      assertThat(result.errors()).as(result.lastError()).isZero();
      assertThat(result.acked()).isEqualTo(result.sent()).isPositive();
      assertThat(result.delivered()).isEqualTo(3 * result.acked());
      assertThat(result.lost() + result.duplicated() + result.outOfOrder() + result.outOfSeqOrder())
          .isZero();
    }
  }

  @Test
  void closedLoopChatKeepsTheWindowFullAndLosesNothing() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      ChatOptions options = new ChatOptions(2, 1, 8, 0, 0.5, 1.5, 15, 100, 1, "w");

      ChatResult result =
          new ChatLoad(options, new ServerTarget(server.httpUri(), 0), accounts, QUIET).run();

      assertThat(result.errors()).as(result.lastError()).isZero();
      assertThat(result.delivered()).isEqualTo(result.acked()).isPositive();
      assertThat(result.lost() + result.duplicated() + result.outOfOrder() + result.outOfSeqOrder())
          .isZero();
    }
  }

  @Test
  void rateLimitedSendsAreSentAgainLaterAndNoneIsLostOrDuplicated() throws Exception {
    RateLimits tight = new RateLimits(20, 10, 1_000, 1_000, 10, 20);
    try (TestServer server = TestServer.start(c -> c.toBuilder().rateLimits(tight).build());
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      // 2 senders at 60 msgs/s each with 16 in flight, against a limit of 20/s: most sends are
      // refused at first, and the ones behind them `out_of_order`. The sender follows the
      // protocol's rule (hold, then everything without `sent` again, in order), so order holds.
      ChatOptions options = new ChatOptions(2, 1, 16, 120, 0.2, 1.5, 30, 100, 1, "r");

      ChatResult result =
          new ChatLoad(options, new ServerTarget(server.httpUri(), 0), accounts, QUIET).run();

      assertThat(result.sendsRetried()).isPositive();
      assertThat(result.errors()).as(result.lastError()).isZero();
      assertThat(result.acked()).isEqualTo(result.sent());
      assertThat(result.delivered()).isEqualTo(result.acked());
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(result.outOfOrder()).isZero();
      assertThat(result.outOfSeqOrder()).isZero();
    }
  }
}
