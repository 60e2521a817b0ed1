package dev.parley.bench.groups;

import dev.parley.bench.target.BenchDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Brings a {@link BigGroupPlan} online: the admin's device, the group (reused when an earlier run
 * made it), then the online members' devices, synced after the membership changes so that they
 * receive only the run's messages. The admin sends; the members receive.
 */
final class BigGroupSetup {
  private final GroupsContext ctx;

  BigGroupSetup(GroupsContext ctx) {
    this.ctx = ctx;
  }

  Topology open(BigGroupPlan plan) throws Exception {
    List<String> handles = new ArrayList<>();
    handles.add(plan.adminHandle());
    handles.addAll(plan.memberHandles(plan.online()));
    List<BenchDevice> devices = ctx.devices(handles);
    GroupSession admin = ctx.open(devices.get(0));
    String conv =
        ctx.provisioner()
            .ensureBig(admin, plan.adminHandle(), plan.groupName(), plan.memberHandles());
    ctx.progress().printf("connecting %,d member devices…%n", plan.online());
    List<GroupSession> members = ctx.openAll(devices.subList(1, devices.size()));
    int[] receivers = IntStream.range(0, members.size()).toArray();
    return new Topology(
        List.of(new FanOutGroup(conv, receivers)),
        members,
        admin,
        (g, k) -> DeliveryLedger.OUTSIDE_SENDER,
        ctx.counters());
  }
}
