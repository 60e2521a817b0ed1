package dev.parley.bench.groups;

import dev.parley.bench.target.BenchDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * A member of a big group is offline while {@code missed} messages arrive in it, then reconnects
 * with its cursor: sync → synced, and every missed message once and in order. The other members
 * stay offline: this is the catch-up read, not the live fan-out.
 */
final class BigGroupCatchup {
  private final GroupsContext ctx;

  BigGroupCatchup(GroupsContext ctx) {
    this.ctx = ctx;
  }

  ReconnectResult run(BigGroupPlan plan, int missed, int rounds, int bodyBytes) throws Exception {
    List<BenchDevice> devices = ctx.devices(List.of(plan.adminHandle(), plan.memberHandle(0)));
    GroupSession admin = ctx.open(devices.get(0));
    String conv =
        ctx.provisioner()
            .ensureBig(admin, plan.adminHandle(), plan.groupName(), plan.memberHandles());
    Reconnector reconnector = new Reconnector(ctx.client(), ctx.ws(), ctx.codec(), ctx.counters());
    BulkSender sender = new BulkSender(admin, 64, bodyBytes);
    String token = devices.get(1).token();
    List<Reconnector.Back> backs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String cursor = reconnector.leave(token);
      sender.send(List.of(conv), missed, (long) round * missed);
      backs.add(reconnector.back(token, cursor));
      ctx.progress()
          .printf(
              "round %d: %,d missed, sync→synced %.1f ms%n",
              round + 1, missed, backs.get(round).syncNanos() / 1e6);
    }
    admin.close();
    return ReconnectResult.of(
        String.format("%,d-member group", plan.members()), 1, 1, missed, backs);
  }
}
