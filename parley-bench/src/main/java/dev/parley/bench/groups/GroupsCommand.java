package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench groups}: the group targets, one mode per run. */
@Command(
    name = "groups",
    mixinStandardHelpOptions = true,
    description = {
      "Groups: live fan-out in one big group (--mode big) or many small ones (small), catch-up and"
          + " reconnect cost (catchup), bytes on disk per message (disk)."
    })
public final class GroupsCommand implements Callable<Integer> {
  /**
   * What a spawned server runs with unless --server-args says otherwise: cheap Argon2 (thousands of
   * logins), per-device limits lifted (a bench device sends far more than a person), registrations
   * not throttled (the bench registers thousands of users from one address), and group creations
   * not capped per hour (the small mode and the catch-up make hundreds).
   */
  private static final List<String> SERVER_DEFAULTS =
      List.of(
          "--argon2-memory-kib", "1024",
          "--rate-messages", "1000000/1000000",
          "--rate-receipts", "1000000/1000000",
          "--rate-chatter", "1000000/1000000",
          "--rate-registrations", "1000000/1000000",
          "--group-creations-per-hour", "1000000");

  enum Mode {
    big,
    small,
    catchup,
    disk
  }

  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--mode",
      defaultValue = "big",
      description = "big, small, catchup or disk (default ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(
      names = "--members",
      defaultValue = "10000",
      description =
          "big, catchup: members of the big group, its admin included (default ${DEFAULT-VALUE}).")
  int members;

  @Option(
      names = "--online",
      defaultValue = "2000",
      description =
          "big: members with a device online, each its own user (default ${DEFAULT-VALUE}).")
  int online;

  @Option(
      names = "--rate",
      description = "big, small: msgs/s in total (default: 10 for big, 2000 for small).")
  Double rate;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "big, small: measured seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "big, small: seconds of load before measuring (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--drain",
      defaultValue = "30",
      description =
          "big, small: most seconds to wait for the last deliveries (default ${DEFAULT-VALUE}).")
  double drain;

  @Option(
      names = "--groups",
      defaultValue = "1000",
      description = "small: number of groups (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--group-size",
      defaultValue = "20",
      description = "small: members per group (default ${DEFAULT-VALUE}).")
  int groupSize;

  @Option(
      names = "--users",
      defaultValue = "2000",
      description =
          "small: users the groups are made of, one device each (default ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--receipts",
      defaultValue = "none",
      description =
          "big, small: what online members report after each feed frame: none, received or read"
              + " (default ${DEFAULT-VALUE}).")
  String receipts;

  @Option(
      names = "--missed",
      defaultValue = "1000",
      description =
          "catchup: messages the big group's offline member misses (default ${DEFAULT-VALUE}).")
  int missed;

  @Option(
      names = "--quiet-groups",
      defaultValue = "500",
      description = "catchup: quiet groups of the reconnecting user (default ${DEFAULT-VALUE}).")
  int quietGroups;

  @Option(
      names = "--active-groups",
      defaultValue = "5",
      description = "catchup: active groups of that user (default ${DEFAULT-VALUE}).")
  int activeGroups;

  @Option(
      names = "--active-messages",
      defaultValue = "20",
      description =
          "catchup: messages per active group while the user is away (default ${DEFAULT-VALUE}).")
  int activeMessages;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "catchup: reconnections per situation (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--disk-messages",
      defaultValue = "20000",
      description = "disk: messages per kind of conversation (default ${DEFAULT-VALUE}).")
  int diskMessages;

  @Option(
      names = "--cluster",
      description =
          "disk: measure cluster mode instead: start Kafka, Cassandra and Redis (fresh, under"
              + " <work-dir>/engines) and one node in cluster mode, and measure the Cassandra"
              + " keyspace. Needs --spawn-server.")
  boolean cluster;

  @Option(
      names = "--disk-group-sizes",
      split = ",",
      defaultValue = "10,1000,10000",
      description = "disk: group sizes, members including the sender (default ${DEFAULT-VALUE}).")
  List<Integer> diskGroupSizes;

  @Option(
      names = "--body-bytes",
      defaultValue = "100",
      description = "Message body size (default ${DEFAULT-VALUE}).")
  int bodyBytes;

  @Option(
      names = "--max-added",
      defaultValue = "256",
      description =
          "Users per group_add: the server's --group-max-added (default ${DEFAULT-VALUE}).")
  int maxAdded;

  @Option(
      names = "--client-threads",
      defaultValue = "2",
      description = "Load generator event loops (default ${DEFAULT-VALUE}).")
  int clientThreads;

  @Option(
      names = "--handle-prefix",
      defaultValue = "grp",
      description = "Prefix of the bench users' handles (default ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    if (targetOptions.spawnsServer()) {
      targetOptions.defaultServerArgs(SERVER_DEFAULTS);
      System.err.println("server arguments: " + String.join(" ", targetOptions.serverArgs()));
    }
    if (mode == Mode.disk) {
      return disk();
    }
    try (TargetOptions.OpenTarget open = targetOptions.open();
        WsClient client = new WsClient(clientThreads)) {
      GroupsContext ctx =
          GroupsContext.of(open.target(), open.accounts(), client, maxAdded, System.err);
      return switch (mode) {
        case big -> fanOut(ctx, new BigGroupSetup(ctx).open(bigPlan()), 10);
        case small ->
            fanOut(
                ctx,
                new SmallGroupsSetup(ctx)
                    .open(new SmallGroupsPlan(groups, groupSize, users, prefix)),
                2000);
        case catchup -> catchup(ctx);
        case disk -> throw new IllegalStateException("handled above");
      };
    }
  }

  private BigGroupPlan bigPlan() {
    return new BigGroupPlan(members, online, prefix);
  }

  private int fanOut(GroupsContext ctx, Topology topology, double defaultRate) throws Exception {
    FanOutPlan plan =
        new FanOutPlan(
            rate != null ? rate : defaultRate,
            warmup,
            seconds,
            drain,
            bodyBytes,
            Receipts.valueOf(receipts.toUpperCase(Locale.ROOT)));
    FanOutResult result;
    try {
      result = new FanOutRun(ctx.target(), plan, System.err).run(mode.name(), topology);
    } finally {
      topology.closeAll();
    }
    Report.print(System.out, "groups: " + mode, result.rows(), result);
    return result.clean() ? 0 : 1;
  }

  private int catchup(GroupsContext ctx) throws Exception {
    ReconnectResult big = new BigGroupCatchup(ctx).run(bigPlan(), missed, rounds, bodyBytes);
    List<ReconnectResult> many =
        new ManyGroupsReconnect(ctx)
            .run(
                new ManyGroupsPlan(quietGroups, activeGroups, activeMessages, rounds, prefix),
                bodyBytes);
    List<ReconnectResult> all = new ArrayList<>(List.of(big));
    all.addAll(many);
    Report.print(System.out, "groups: catch-up and reconnect", ReconnectResult.rows(all), all);
    return all.stream().allMatch(ReconnectResult::clean) ? 0 : 1;
  }

  private int disk() throws Exception {
    if (!targetOptions.spawnsServer()) {
      System.err.println(
          "--mode disk stops and restarts the server (or, with --cluster, starts the cluster):"
              + " it needs --spawn-server");
      return 2;
    }
    DiskPlan plan = new DiskPlan(diskGroupSizes, diskMessages, bodyBytes, prefix);
    if (cluster) {
      ClusterDiskResult result = new ClusterDiskRun(targetOptions, maxAdded, System.err).run(plan);
      Report.print(
          System.out, "groups: bytes in Cassandra per message (cluster)", result.rows(), result);
      return 0;
    }
    DiskResult result =
        new DiskRun(new SpawnedServer(targetOptions), maxAdded, System.err).run(plan);
    Report.print(System.out, "groups: bytes on disk per message", result.rows(), result);
    return 0;
  }
}
