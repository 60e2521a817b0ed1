package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.MachineCpu;
import dev.parley.bench.target.TargetOptions;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bytes on disk per message in cluster mode: the {@link DiskRun} steps against one Parley node in
 * cluster mode over Kafka, Cassandra and Redis that the bench starts itself (fresh, so the keyspace
 * holds this run only), measuring the Cassandra keyspace ({@link CassandraKeyspace}) after each
 * step: the users exist; the groups are created; then, for a 1:1 conversation and a group of each
 * size in turn, the admin sends the messages. The node keeps running: the keyspace is measured
 * while it is idle, so nothing has to be stopped.
 */
final class ClusterDiskRun {
  /** The cluster's name, hence its keyspace: the engines are new each run. */
  static final String CLUSTER_NAME = "bench_disk";

  private final TargetOptions options;
  private final int maxAdded;
  private final PrintStream progress;

  ClusterDiskRun(TargetOptions options, int maxAdded, PrintStream progress) {
    this.options = options;
    this.maxAdded = maxAdded;
    this.progress = progress;
  }

  ClusterDiskResult run(DiskPlan plan) throws Exception {
    Path dir = options.pinWorkDir();
    // Cached logins belong to an earlier run's cluster, which these fresh engines do not know.
    Files.deleteIfExists(dir.resolve("accounts.tsv"));
    try (ClusterEngines engines = ClusterEngines.start(dir.resolve("engines"), progress)) {
      options.defaultServerArgs(engines.nodeArgs(CLUSTER_NAME));
      progress.println("node arguments: " + String.join(" ", options.serverArgs()));
      try (TargetOptions.OpenTarget open = options.open();
          WsClient client = new WsClient(1);
          CassandraKeyspace keyspace =
              new CassandraKeyspace(
                  CassandraKeyspace.session(engines.cassandra()),
                  CassandraJmx.attach(engines.cassandra().pid()),
                  CLUSTER_NAME,
                  progress)) {
        keyspace.purgeTombstones();
        GroupsContext ctx =
            GroupsContext.of(open.target(), open.accounts(), client, maxAdded, progress);
        return steps(plan, ctx, keyspace);
      }
    }
  }

  private ClusterDiskResult steps(DiskPlan plan, GroupsContext ctx, CassandraKeyspace keyspace)
      throws Exception {
    MachineCpu machineAtStart = MachineCpu.now();
    long runStart = System.nanoTime();
    int largest = plan.groupSizes().stream().mapToInt(Integer::intValue).max().orElse(2);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < largest - 1; i++) {
      members.add(plan.memberHandle(i));
    }
    // 1. Users, and the 1:1 conversation's id (it exists from its first message).
    List<BenchDevice> devices = ctx.devices(List.of(plan.adminHandle(), plan.peerHandle()));
    progress.printf("registering %,d members…%n", members.size());
    long begin = System.nanoTime();
    ctx.accounts().register(members);
    progress.printf("registered after %.1f s%n", (System.nanoTime() - begin) / 1e9);
    GroupSession admin = ctx.open(devices.get(0));
    String oneToOne =
        ((ServerFrame.Opened)
                GroupsContext.await(
                    admin.request("open", new ClientFrame.Open("open", plan.peerHandle()))))
            .conv();
    Map<String, StoreFootprint.Family> previous = measure(keyspace, "users registered");

    // 2. The groups.
    List<String> groups = new ArrayList<>();
    long memberRows = 0;
    for (int size : plan.groupSizes()) {
      String name = plan.prefix() + "-disk-" + size;
      groups.add(
          ctx.provisioner()
              .ensureBig(admin, plan.adminHandle(), name, members.subList(0, size - 1)));
      memberRows += size;
    }
    Map<String, StoreFootprint.Family> created = measure(keyspace, "groups created");
    Map<String, DiskResult.FamilyDelta> perMember =
        DiskResult.deltas(previous, created, memberRows);
    double creationPerMember = (total(created) - total(previous)) / (double) memberRows;
    previous = created;

    // 3. The messages, one kind at a time.
    List<ClusterDiskResult.Kind> kinds = new ArrayList<>();
    List<String> convs = new ArrayList<>(List.of(oneToOne));
    convs.addAll(groups);
    double oneToOneBytes = 0;
    for (int i = 0; i < convs.size(); i++) {
      String kind = i == 0 ? "1:1" : "group of " + plan.groupSizes().get(i - 1);
      progress.printf("%s: sending %,d messages…%n", kind, plan.messages());
      new BulkSender(admin, 64, plan.bodyBytes(), true)
          .send(List.of(convs.get(i)), plan.messages(), 0);
      Map<String, StoreFootprint.Family> after = measure(keyspace, kind);
      double n = plan.messages();
      double bytes = (total(after) - total(previous)) / n;
      if (i == 0) {
        oneToOneBytes = bytes;
      }
      kinds.add(
          new ClusterDiskResult.Kind(
              kind,
              i == 0 ? 2 : plan.groupSizes().get(i - 1),
              bytes,
              ClusterDiskResult.ratio(bytes, oneToOneBytes),
              DiskResult.deltas(previous, after, n)));
      previous = after;
    }
    admin.close();
    return new ClusterDiskResult(
        plan.messages(),
        plan.bodyBytes(),
        compressions(keyspace),
        kinds,
        creationPerMember,
        perMember,
        MachineCpu.now().percentSince(machineAtStart, System.nanoTime() - runStart),
        loadAverage());
  }

  private Map<String, StoreFootprint.Family> measure(CassandraKeyspace keyspace, String step)
      throws Exception {
    long begin = System.nanoTime();
    Map<String, StoreFootprint.Family> tables = keyspace.measure();
    progress.printf(
        "%s: %,d bytes in the keyspace, flushed and compacted (measured in %.1f s)%n",
        step, total(tables), (System.nanoTime() - begin) / 1e9);
    return tables;
  }

  /** The distinct compression settings of the keyspace's tables. */
  private static String compressions(CassandraKeyspace keyspace) {
    return String.join("; ", new java.util.TreeSet<>(keyspace.compression().values()));
  }

  /** The machine's load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives them. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static long total(Map<String, StoreFootprint.Family> tables) {
    return tables.values().stream().mapToLong(StoreFootprint.Family::bytes).sum();
  }
}
