package dev.parley.bench.groups;

import dev.parley.bench.target.BenchDevice;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reconnect cost of a user in many groups, in four situations that separate its terms (one scan
 * of the user's group list, one seek per group whose stream moved since the cursor, the events
 * missed): a user in no group; the user in all its groups with nothing missed; a few active groups
 * moved; every group moved by one message.
 */
final class ManyGroupsReconnect {
  private final GroupsContext ctx;

  ManyGroupsReconnect(GroupsContext ctx) {
    this.ctx = ctx;
  }

  List<ReconnectResult> run(ManyGroupsPlan plan, int bodyBytes) throws Exception {
    List<BenchDevice> devices =
        ctx.devices(List.of(plan.adminHandle(), plan.userHandle(), plan.baselineHandle()));
    GroupSession admin = ctx.open(devices.get(0));
    int total = plan.quietGroups() + plan.activeGroups();
    ctx.progress().printf("making %,d groups of 2…%n", total);
    List<CompletableFuture<ServerFrame.GroupChanged>> created = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String name =
          i < plan.quietGroups() ? plan.quietName(i) : plan.activeName(i - plan.quietGroups());
      created.add(GroupProvisioner.create(admin, name, List.of(plan.userHandle())));
    }
    List<String> all = new ArrayList<>();
    created.forEach(c -> all.add(GroupsContext.await(c).conv()));
    List<String> active = all.subList(plan.quietGroups(), total);

    Reconnector reconnector = new Reconnector(ctx.client(), ctx.ws(), ctx.codec(), ctx.counters());
    BulkSender sender = new BulkSender(admin, 64, bodyBytes);
    String user = devices.get(1).token();
    List<ReconnectResult> results = new ArrayList<>();
    results.add(
        measure(
            "no groups, nothing missed",
            0,
            0,
            0,
            plan,
            reconnector,
            devices.get(2).token(),
            () -> {}));
    results.add(measure("all groups quiet", total, 0, 0, plan, reconnector, user, () -> {}));
    results.add(
        measure(
            "a few groups active",
            total,
            active.size(),
            (long) active.size() * plan.activeMessages(),
            plan,
            reconnector,
            user,
            () -> sender.send(active, plan.activeMessages(), 0)));
    results.add(
        measure(
            "every group moved",
            total,
            total,
            total,
            plan,
            reconnector,
            user,
            () -> sender.send(all, 1, 0)));
    admin.close();
    return results;
  }

  /** What happens while the user is away. */
  @FunctionalInterface
  private interface Absence {
    void happen() throws Exception;
  }

  private ReconnectResult measure(
      String scenario,
      int groups,
      int moved,
      long missed,
      ManyGroupsPlan plan,
      Reconnector reconnector,
      String token,
      Absence absence)
      throws Exception {
    List<Reconnector.Back> backs = new ArrayList<>();
    for (int round = 0; round < plan.rounds(); round++) {
      String cursor = reconnector.leave(token);
      absence.happen();
      backs.add(reconnector.back(token, cursor));
    }
    ReconnectResult r = ReconnectResult.of(scenario, groups, moved, missed, backs);
    ctx.progress().printf("%s: median sync→synced %.2f ms%n", scenario, r.medianMs());
    return r;
  }
}
