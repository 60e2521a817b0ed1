package dev.parley.bench.groups;

import dev.parley.bench.target.BenchDevice;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Brings a {@link SmallGroupsPlan} online: every user's device, then every group, created by its
 * member 0 with the others in one {@code create_group} (reused when an earlier run made it). Each
 * message is sent by a random member of its group, from that member's device.
 */
final class SmallGroupsSetup {
  private final GroupsContext ctx;

  SmallGroupsSetup(GroupsContext ctx) {
    this.ctx = ctx;
  }

  Topology open(SmallGroupsPlan plan) throws Exception {
    List<String> handles = new ArrayList<>();
    for (int i = 0; i < plan.users(); i++) {
      handles.add(plan.userHandle(i));
    }
    List<BenchDevice> devices = ctx.devices(handles);
    ctx.progress().printf("connecting %,d devices…%n", devices.size());
    List<GroupSession> sessions = ctx.openAll(devices);
    ctx.progress().printf("creating %,d groups of %d…%n", plan.groups(), plan.groupSize());
    List<CompletableFuture<ServerFrame.GroupChanged>> created = new ArrayList<>();
    int[][] members = new int[plan.groups()][plan.groupSize()];
    for (int g = 0; g < plan.groups(); g++) {
      List<String> others = new ArrayList<>();
      for (int j = 0; j < plan.groupSize(); j++) {
        members[g][j] = plan.member(g, j);
        if (j > 0) {
          others.add(handles.get(members[g][j]));
        }
      }
      GroupSession creator = sessions.get(members[g][0]);
      created.add(GroupProvisioner.create(creator, plan.groupName(g), others));
    }
    List<FanOutGroup> groups = new ArrayList<>();
    for (int g = 0; g < plan.groups(); g++) {
      groups.add(new FanOutGroup(GroupsContext.await(created.get(g)).conv(), members[g]));
    }
    return new Topology(
        groups,
        sessions,
        null,
        (g, k) -> members[g][ThreadLocalRandom.current().nextInt(members[g].length)],
        ctx.counters());
  }
}
