package dev.parley.bench.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.target.Accounts;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchupTest {

  @Test
  void anOfflineMemberOfABigGroupCatchesUpOnEveryMissedMessageOnceAndInOrder() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2);
        WsClient client = new WsClient(1)) {
      GroupsContext ctx = FanOutRunTest.context(server, accounts, client);

      ReconnectResult r = new BigGroupCatchup(ctx).run(new BigGroupPlan(260, 1, "cb"), 700, 2, 100);

      assertThat(r.rounds()).isEqualTo(2);
      // 700 events at most 500 per frame (the server's syncBatch): two frames at least.
      assertThat(r.received()).isEqualTo(700);
      assertThat(r.frames()).isGreaterThanOrEqualTo(2);
      assertThat(r.lost() + r.duplicated() + r.reordered()).isZero();
      assertThat(r.medianMs()).isPositive();
    }
  }

  @Test
  void aUserInManyGroupsGetsWhatMovedWhileAway() throws Exception {
    try (TestServer server =
            TestServer.start(
                c -> c.toBuilder().set(ServerOptions.GROUP_CREATIONS_PER_HOUR, 1_000).build());
        Accounts accounts = new Accounts(server.httpUri(), null, 2);
        WsClient client = new WsClient(1)) {
      GroupsContext ctx = FanOutRunTest.context(server, accounts, client);

      List<ReconnectResult> results =
          new ManyGroupsReconnect(ctx).run(new ManyGroupsPlan(30, 3, 4, 2, "cm"), 100);

      assertThat(results)
          .extracting(ReconnectResult::scenario)
          .containsExactly(
              "no groups, nothing missed",
              "all groups quiet",
              "a few groups active",
              "every group moved");
      assertThat(results).extracting(ReconnectResult::received).containsExactly(0L, 0L, 12L, 33L);
      assertThat(results).allMatch(ReconnectResult::clean);
    }
  }
}
