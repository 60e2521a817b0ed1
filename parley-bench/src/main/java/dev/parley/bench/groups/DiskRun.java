package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.target.BenchDevice;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bytes on disk per message, by kind of conversation. The server is stopped and the store measured
 * ({@link StoreFootprint}) after each step: the users exist; the groups are created; then, for a
 * 1:1 conversation and a group of each size in turn, the server is started, the admin sends the
 * messages, the server is stopped and the growth is divided by the messages. Groups get a new name
 * per run, so their creation is always measured, and reused accounts cost no Argon2 work.
 */
final class DiskRun {
  private final ServerControl server;
  private final int maxAdded;
  private final PrintStream progress;

  DiskRun(ServerControl server, int maxAdded, PrintStream progress) {
    this.server = server;
    this.maxAdded = maxAdded;
    this.progress = progress;
  }

  DiskResult run(DiskPlan plan) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    int largest = plan.groupSizes().stream().mapToInt(Integer::intValue).max().orElse(2);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < largest - 1; i++) {
      members.add(plan.memberHandle(i));
    }
    try (WsClient client = new WsClient(1)) {
      // 1. Users, and the 1:1 conversation's id (it exists from its first message).
      GroupsContext ctx = start(client);
      List<BenchDevice> devices = ctx.devices(List.of(plan.adminHandle(), plan.peerHandle()));
      ctx.accounts().register(members);
      GroupSession admin = ctx.open(devices.get(0));
      String oneToOne =
          ((ServerFrame.Opened)
                  GroupsContext.await(
                      admin.request("open", new ClientFrame.Open("open", plan.peerHandle()))))
              .conv();
      admin.close();
      StoreFootprint previous = stopAndMeasure("users registered");

      // 2. The groups.
      ctx = start(client);
      admin = ctx.open(devices.get(0));
      List<String> groups = new ArrayList<>();
      long memberRows = 0;
      for (int size : plan.groupSizes()) {
        String name = plan.prefix() + "-disk-" + size + "-" + run;
        groups.add(
            ctx.provisioner()
                .ensureBig(admin, plan.adminHandle(), name, members.subList(0, size - 1)));
        memberRows += size;
      }
      admin.close();
      StoreFootprint created = stopAndMeasure("groups created");
      Map<String, DiskResult.FamilyDelta> perMember =
          DiskResult.deltas(previous, created, memberRows);
      double creationPerMember =
          (created.compactedBytes() - previous.compactedBytes()) / (double) memberRows;
      previous = created;

      // 3. The messages, one kind at a time.
      List<DiskResult.Kind> kinds = new ArrayList<>();
      List<String> convs = new ArrayList<>(List.of(oneToOne));
      convs.addAll(groups);
      double oneToOneBytes = 0;
      for (int i = 0; i < convs.size(); i++) {
        String kind = i == 0 ? "1:1" : "group of " + plan.groupSizes().get(i - 1);
        ctx = start(client);
        admin = ctx.open(devices.get(0));
        progress.printf("%s: sending %,d messages…%n", kind, plan.messages());
        new BulkSender(admin, 64, plan.bodyBytes()).send(List.of(convs.get(i)), plan.messages(), 0);
        admin.close();
        StoreFootprint after = stopAndMeasure(kind);
        double n = plan.messages();
        double compacted = (after.compactedBytes() - previous.compactedBytes()) / n;
        if (i == 0) {
          oneToOneBytes = compacted;
        }
        kinds.add(
            new DiskResult.Kind(
                kind,
                i == 0 ? 2 : plan.groupSizes().get(i - 1),
                (after.asLeft().total() - previous.afterCompaction().total()) / n,
                (after.asLeft().wal() - previous.afterCompaction().wal()) / n,
                compacted,
                oneToOneBytes == 0 ? 0 : compacted / oneToOneBytes,
                DiskResult.deltas(previous, after, n)));
        previous = after;
      }
      return new DiskResult(plan.messages(), plan.bodyBytes(), kinds, creationPerMember, perMember);
    }
  }

  private GroupsContext start(WsClient client) throws Exception {
    ServerControl.Running running = server.start();
    return GroupsContext.of(running.target(), running.accounts(), client, maxAdded, progress);
  }

  private StoreFootprint stopAndMeasure(String step) throws Exception {
    server.stop();
    StoreFootprint f = StoreFootprint.measure(server.dataDir());
    progress.printf(
        "%s: %,d bytes compacted, %,d as left (WAL %,d)%n",
        step, f.compactedBytes(), f.asLeft().total(), f.asLeft().wal());
    return f;
  }
}
