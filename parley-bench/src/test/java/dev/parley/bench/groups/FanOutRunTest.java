package dev.parley.bench.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class FanOutRunTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void everyOnlineMemberOfABigGroupGetsEveryMessageOnceAndInOrder() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2);
        WsClient client = new WsClient(2)) {
      GroupsContext ctx = context(server, accounts, client);
      // 300 members: created by the admin, then 299 added 256 and 43 at a time (the server's
      // --group-max-added).
      Topology topology = new BigGroupSetup(ctx).open(new BigGroupPlan(300, 12, "fb"));
      FanOutPlan plan = new FanOutPlan(40, 0.5, 1.5, 15, 100, Receipts.RECEIVED);

      FanOutResult result = new FanOutRun(ctx.target(), plan, QUIET).run("big", topology);
      topology.closeAll();

      assertThat(result.lastError()).isEmpty();
      assertThat(result.acked()).isEqualTo(result.sent()).isEqualTo(80);
      assertThat(result.expectedDeliveries()).isEqualTo(12 * 80);
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(result.reordered()).isZero();
      assertThat(result.unexpected()).isZero();
      assertThat(result.toLastDevice().count()).isPositive();
      // Every member reports what it received, so the group-wide position moves for the sender.
      assertThat(result.groupReceipts()).isPositive();
      assertThat(result.clean()).isTrue();
    }
  }

  @Test
  void smallGroupsSharingUsersDeliverEachMessageToEveryOtherMember() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2);
        WsClient client = new WsClient(2)) {
      GroupsContext ctx = context(server, accounts, client);
      // 8 groups of 4 over 8 users: every user in 4 groups, sending from a random member.
      Topology topology = new SmallGroupsSetup(ctx).open(new SmallGroupsPlan(8, 4, 8, "fs"));
      FanOutPlan plan = new FanOutPlan(200, 0.5, 1.5, 15, 100, Receipts.READ);

      FanOutResult result = new FanOutRun(ctx.target(), plan, QUIET).run("small", topology);
      topology.closeAll();

      assertThat(result.lastError()).isEmpty();
      assertThat(result.acked()).isEqualTo(result.sent()).isEqualTo(400);
      // The sender's own device does not get its message live: 3 deliveries each.
      assertThat(result.expectedDeliveries()).isEqualTo(3 * 400);
      assertThat(result.lost() + result.duplicated() + result.reordered()).isZero();
      assertThat(result.unexpected()).isZero();
      assertThat(result.clean()).isTrue();
    }
  }

  @Test
  void aMemberOfEachSmallGroupIsItsCreatorAndEveryUserIsInTheSameNumberOfGroups() {
    SmallGroupsPlan plan = new SmallGroupsPlan(1_000, 20, 2_000, "x");
    int[] groupsOf = new int[2_000];
    for (int g = 0; g < 1_000; g++) {
      java.util.Set<Integer> members = new java.util.HashSet<>();
      for (int j = 0; j < 20; j++) {
        members.add(plan.member(g, j));
        groupsOf[plan.member(g, j)]++;
      }
      assertThat(members).hasSize(20);
    }
    assertThat(groupsOf).containsOnly(10);
  }

  static GroupsContext context(TestServer server, Accounts accounts, WsClient client) {
    return GroupsContext.of(
        new ServerTarget(server.httpUri(), 0),
        accounts,
        client,
        ServerOptions.GROUP_MAX_ADDED.defaultValue(),
        QUIET);
  }
}
