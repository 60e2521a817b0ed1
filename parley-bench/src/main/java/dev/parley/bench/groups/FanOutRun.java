package dev.parley.bench.groups;

import dev.parley.bench.load.MessageBody;
import dev.parley.bench.load.WireFrames;
import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.target.MachineCpu;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.ServerTarget;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop run over groups whose members are online. A pacer thread sends {@code rate} messages
 * per second in total, round robin over the groups, each from the device the topology picks, with
 * its scheduled time in the body; every online member device books what it gets in the {@link
 * DeliveryLedger}. Phases: warm-up, measure (server CPU, deliveries and frames counted over this
 * window), sending stops, drain (until every acknowledged message reached every online member, or
 * the drain time is up), count.
 */
final class FanOutRun {
  private final ServerTarget target;
  private final FanOutPlan plan;
  private final PrintStream progress;

  FanOutRun(ServerTarget target, FanOutPlan plan, PrintStream progress) {
    this.target = target;
    this.plan = plan;
    this.progress = progress;
  }

  /** A ledger sized for the plan, with a feed handler on every online member device. */
  private static DeliveryLedger ledger(Topology topology, FanOutPlan plan) {
    DeliveryLedger ledger =
        new DeliveryLedger(topology.groups(), topology.devices().size(), plan.messages());
    for (int d = 0; d < topology.devices().size(); d++) {
      topology.devices().get(d).onFeed(new MemberFeed(ledger, d, plan.receipts()));
    }
    if (topology.outsideSender() != null) {
      topology
          .outsideSender()
          .onFeed(
              (s, feed, now) ->
                  feed.events().stream()
                      .filter(e -> e instanceof FeedEvent.GroupReceipt)
                      .forEach(e -> ledger.groupReceipts.increment()));
    }
    return ledger;
  }

  FanOutResult run(String mode, Topology topology) throws InterruptedException {
    DeliveryLedger ledger = ledger(topology, plan);
    progress.printf(
        "%,d devices online in %,d groups; %.0f msgs/s for %.0f s + %.0f s warm-up%n",
        topology.devices().size(),
        topology.groups().size(),
        plan.rate(),
        plan.seconds(),
        plan.warmupSeconds());
    long start = System.nanoTime() + 100_000_000L;
    long measureFrom = start + (long) (plan.warmupSeconds() * 1e9);
    long measureTo = measureFrom + (long) (plan.seconds() * 1e9);
    ledger.measureFrom(measureFrom);
    Thread pacer = new Thread(() -> pace(topology, ledger, start), "groups-pacer");
    pacer.start();
    sleepUntil(measureFrom);
    Snapshot s0 = Snapshot.take(target, ledger);
    sleepUntil(measureTo);
    Snapshot s1 = Snapshot.take(target, ledger);
    pacer.join();
    long drainUntil = System.nanoTime() + (long) (plan.drainSeconds() * 1e9);
    while (!ledger.settled() && System.nanoTime() < drainUntil) {
      Thread.sleep(20);
    }
    DeliveryLedger.Tally t = ledger.tally();
    progress.println(
        "slowest message to its last device, per measured second (ms): "
            + Arrays.toString(t.worstBySecond));
    double seconds = (s1.nanos - s0.nanos) / 1e9;
    long frames = s1.frames - s0.frames;
    long deliveries = s1.deliveries - s0.deliveries;
    double serverCpuSeconds = (s1.server.cpuTicks() - s0.server.cpuTicks()) / 100.0;
    double serverCpu = s1.server.cpuPercentSince(s0.server, s1.nanos - s0.nanos);
    double benchCpu = s1.bench.cpuPercentSince(s0.bench, s1.nanos - s0.nanos);
    double machineCpu = s1.machine.percentSince(s0.machine, s1.nanos - s0.nanos);
    return new FanOutResult(
        mode,
        topology.groups().size(),
        topology.devices().size(),
        plan.rate(),
        plan.seconds(),
        plan.receipts().name().toLowerCase(Locale.ROOT),
        t.planned,
        t.acked,
        t.failed,
        t.unacknowledged,
        topology.counters().retried.get(),
        t.expected,
        t.lost,
        t.duplicated,
        t.reordered,
        t.unexpected + ledger.foreign.sum(),
        t.incomplete,
        deliveries / seconds,
        frames / seconds,
        LatencySummary.ofMicros(t.toLastDevice),
        LatencySummary.ofMicros(t.toEachDevice),
        ledger.systemEvents.sum(),
        ledger.groupReceipts.sum(),
        topology.counters().unexpectedCloses.get(),
        topology.counters().lastError,
        serverCpu,
        frames == 0 ? 0 : serverCpuSeconds * 1e6 / frames,
        deliveries == 0 ? 0 : serverCpuSeconds * 1e6 / deliveries,
        s1.server.rssKb(),
        benchCpu,
        machineCpu,
        Math.max(0, machineCpu - serverCpu - benchCpu));
  }

  /** Sends message k at start + k / rate, late ones with their scheduled time. */
  private void pace(Topology topology, DeliveryLedger ledger, long start) {
    List<FanOutGroup> groups = topology.groups();
    double interval = 1e9 / plan.rate();
    for (int k = 0; k < ledger.capacity(); k++) {
      long due = start + (long) (k * interval);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int g = k % groups.size();
      int sender = topology.senders().pick(g, k);
      ledger.planned(k, g, sender, due);
      String body = new MessageBody(k, due).encode(plan.bodyBytes());
      String frame = WireFrames.send(k, WireFrames.fastUuid(), groups.get(g).conv(), body);
      int message = k;
      topology
          .sender(sender)
          .request(Integer.toString(k), frame)
          .whenComplete(
              (reply, error) -> {
                if (reply instanceof ServerFrame.Sent sent) {
                  ledger.acked(message, sent.seq());
                } else {
                  ledger.failed(message);
                }
              });
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** The counters a measured window is the difference of. */
  private record Snapshot(
      long nanos,
      ProcessStats server,
      ProcessStats bench,
      MachineCpu machine,
      long deliveries,
      long frames) {
    static Snapshot take(ServerTarget target, DeliveryLedger ledger) {
      return new Snapshot(
          System.nanoTime(),
          target.stats(),
          ProcessStats.self(),
          MachineCpu.now(),
          ledger.deliveries.sum(),
          ledger.frames.sum());
    }
  }
}
