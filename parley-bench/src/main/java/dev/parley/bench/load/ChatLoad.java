package dev.parley.bench.load;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.cpu.ClusterCpu;
import dev.parley.bench.cpu.ClusterProcesses;
import dev.parley.bench.cpu.CpuSample;
import dev.parley.bench.cpu.ProcessTable;
import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.MachineCpu;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.ServerTarget;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Drives one chat run: P pairs, user A's first device sends to user B; every other device of A and
 * B receives; B's first device sends receipts. Phases: log in, connect and sync every device, warm
 * up, measure, stop sending, drain (wait until every acknowledged message reached every receiving
 * device, or the drain time is up), then count.
 *
 * <p>Against the relay ({@code accounts == null}) the same sessions run without accounts or
 * handshake: the relay forwards the sender's {@code send} frames to the receiver and the receiver's
 * receipts back.
 */
public final class ChatLoad {
  private static final int MAX_PENDING_CONNECTS = 256;
  private final ChatOptions options;
  private final ServerTarget target;
  private final Accounts accounts;
  private final PrintStream progress;
  private final ClusterProcesses cluster;
  private final ChatRun run;
  private final List<SenderSession> senders = new ArrayList<>();
  private final List<ReceiverSession> receivers = new ArrayList<>();
  private final List<PairLink> links = new ArrayList<>();
  private final List<WsConnection> connections = new ArrayList<>();
  private Runnable halfway;

  /** {@code accounts} null means {@code target} is the relay. */
  public ChatLoad(
      ChatOptions options, ServerTarget target, Accounts accounts, PrintStream progress) {
    this(options, target, accounts, progress, null);
  }

  /**
   * Also measures the CPU of every process of {@code cluster} (none when null) over the measured
   * window.
   */
  public ChatLoad(
      ChatOptions options,
      ServerTarget target,
      Accounts accounts,
      PrintStream progress,
      ClusterProcesses cluster) {
    this.options = options;
    this.target = target;
    this.accounts = accounts;
    this.progress = progress;
    this.cluster = cluster;
    this.run = new ChatRun(options, accounts == null);
    if (run.relay && options.devices() != 1) {
      throw new IllegalArgumentException("the relay runs with one device per user");
    }
  }

  /**
   * Kills the cluster process {@code name} (SIGKILL) halfway through the measured window; its
   * sessions connect again through the load balancer and send again what had no answer.
   */
  public ChatLoad killHalfway(String name) {
    if (cluster == null || !cluster.pids().containsKey(name)) {
      throw new IllegalArgumentException(
          "no cluster process named " + name + (cluster == null ? "" : " in " + cluster.pids()));
    }
    long pid = cluster.pids().get(name);
    return halfway(
        () -> {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          progress.printf("killed %s (pid %d, SIGKILL)%n", name, pid);
        });
  }

  /** Runs {@code action} (a server's failure) halfway through the measured window. */
  public ChatLoad halfway(Runnable action) {
    this.halfway = action;
    return this;
  }

  public ChatResult run() throws InterruptedException {
    try (WsClient client = new WsClient(options.clientThreads())) {
      if (run.relay) {
        connectRelay(client);
      } else {
        connectParley(client);
      }
      return measure();
    } finally {
      run.stopping = true;
      connections.forEach(WsConnection::close);
    }
  }

  private void connectParley(WsClient client) throws InterruptedException {
    List<String> handles = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < options.pairs(); i++) {
      for (String side : List.of("a", "b")) {
        for (int d = 0; d < options.devices(); d++) {
          handles.add(options.handlePrefix() + side + i);
          names.add("d" + d);
        }
      }
    }
    long start = System.nanoTime();
    progress.printf("logging in %d devices (%d cached)…%n", handles.size(), accounts.cachedCount());
    List<BenchDevice> devices = accounts.devices(handles, names);
    progress.printf("logged in after %.1f s; connecting…%n", (System.nanoTime() - start) / 1e9);
    URI ws = target.wsUri("/v1/ws");
    Semaphore pending = new Semaphore(MAX_PENDING_CONNECTS);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    int perUser = options.devices();
    for (int i = 0; i < options.pairs(); i++) {
      int base = i * 2 * perUser;
      BenchDevice firstB = devices.get(base + perUser);
      PairLink link = new PairLink(i, firstB.handle(), firstB.userId());
      links.add(link);
      for (int j = 0; j < 2 * perUser; j++) {
        ChatSession session;
        if (j == 0) {
          SenderSession sender = new SenderSession(run, link);
          senders.add(sender);
          session = sender;
        } else {
          ReceiverSession receiver = new ReceiverSession(run, link, j == perUser);
          receivers.add(receiver);
          session = receiver;
        }
        String token = devices.get(base + j).token();
        session.reconnect = s -> reconnect(client, ws, token, s);
        ready.add(connect(client, ws, token, session, pending));
      }
    }
    awaitAll(ready);
  }

  private void connectRelay(WsClient client) throws InterruptedException {
    Semaphore pending = new Semaphore(MAX_PENDING_CONNECTS);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 0; i < options.pairs(); i++) {
      PairLink link = new PairLink(i, "b" + i, "b" + i);
      links.add(link);
      SenderSession sender = new SenderSession(run, link);
      ReceiverSession receiver = new ReceiverSession(run, link, true);
      senders.add(sender);
      receivers.add(receiver);
      ready.add(
          connect(client, target.wsUri("/relay?pair=" + i + "&side=a"), null, sender, pending));
      ready.add(
          connect(client, target.wsUri("/relay?pair=" + i + "&side=b"), null, receiver, pending));
    }
    awaitAll(ready);
  }

  private CompletableFuture<Void> connect(
      WsClient client, URI uri, String token, ChatSession session, Semaphore pending)
      throws InterruptedException {
    pending.acquire();
    return client
        .connect(uri, token, null, session)
        .thenCompose(
            c -> {
              synchronized (connections) {
                connections.add(c);
              }
              c.eventLoop().execute(() -> session.opened(c));
              return session.ready;
            })
        .whenComplete((v, e) -> pending.release());
  }

  private void reconnect(WsClient client, URI ws, String token, ChatSession session) {
    if (run.stopping) {
      return;
    }
    var loop = session.connection.eventLoop();
    client
        .reconnect(ws, token, session, loop)
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                loop.schedule(
                    () -> reconnect(client, ws, token, session),
                    ChatSession.RECONNECT_DELAY_MS,
                    TimeUnit.MILLISECONDS);
                return;
              }
              synchronized (connections) {
                connections.add(c);
              }
              loop.execute(() -> session.opened(c));
            });
  }

  private void awaitAll(List<CompletableFuture<Void>> ready) {
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
          .orTimeout(300, TimeUnit.SECONDS)
          .join();
    } catch (CompletionException e) {
      long failed = ready.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      throw new IllegalStateException(
          failed
              + " of "
              + ready.size()
              + " sockets failed to get ready; first: "
              + e.getCause().getMessage(),
          e);
    }
  }

  /**
   * Names what a receiving device never got, so a loss can be looked up in the server's stores and
   * logs (with {@code -Dparley.bench.traceOrder=true}, each message's attempts and answers too).
   */
  private void reportUndelivered(PairLink link, DeliveryTracker tracker) {
    for (long k : tracker.undelivered(link.acked.get(), 10)) {
      progress.printf(
          "not delivered: pair %d (conversation %s, to %s) message k=%d%s%n",
          link.index,
          link.conv,
          link.peerUserId,
          k,
          PairLink.TRACE ? ", sender's trace:" + link.traceOf(k) : "");
    }
  }

  private ChatResult measure() throws InterruptedException {
    progress.printf(
        "%d sockets ready; %s for %.0f s + %.0f s warm-up%n",
        connections.size(),
        options.rate() == 0 ? "closed loop" : options.rate() + " msgs/s",
        options.durationSeconds(),
        options.warmupSeconds());
    run.sending = true;
    senders.forEach(SenderSession::start);
    sleep(options.warmupSeconds());
    run.metrics.resetLatencies();
    long delivered0 = run.metrics.delivered.sum();
    long sent0 = run.metrics.sent.sum();
    ProcessStats server0 = target.stats();
    ProcessStats bench0 = ProcessStats.self();
    MachineCpu machine0 = MachineCpu.now();
    CpuSample cluster0 = cluster == null ? null : CpuSample.take(cluster);
    long t0 = System.nanoTime();
    if (halfway == null) {
      sleep(options.durationSeconds());
    } else {
      sleep(options.durationSeconds() / 2);
      halfway.run();
      sleep(Math.max(0, options.durationSeconds() - (System.nanoTime() - t0) / 1e9));
    }
    long elapsed = System.nanoTime() - t0;
    long delivered = run.metrics.delivered.sum() - delivered0;
    long sentInWindow = run.metrics.sent.sum() - sent0;
    ProcessStats server1 = target.stats();
    ProcessStats bench1 = ProcessStats.self();
    MachineCpu machine1 = MachineCpu.now();
    ClusterCpu clusterCpu = null;
    if (cluster != null) {
      clusterCpu =
          ClusterCpu.between(
              cluster0,
              CpuSample.take(cluster),
              cluster,
              delivered,
              Runtime.getRuntime().availableProcessors());
    }
    run.sending = false;
    warnIfStopped();
    drain();
    Histogram[] latencies = run.metrics.takeLatencies();
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long outOfSeqOrder = 0;
    // Receivers were added pair by pair, receivingDevicesPerPair() at a time.
    int perPair = run.relay ? 1 : options.receivingDevicesPerPair();
    for (int i = 0; i < receivers.size(); i++) {
      DeliveryTracker t = receivers.get(i).tracker;
      PairLink link = links.get(i / perPair);
      long missed = Math.max(0, link.acked.get() - t.distinct());
      lost += missed;
      if (missed > 0) {
        reportUndelivered(link, t);
      }
      duplicated += t.duplicated();
      outOfOrder += t.outOfOrder();
      outOfSeqOrder += t.outOfSeqOrder();
    }
    double seconds = elapsed / 1e9;
    return new ChatResult(
        run.relay ? "relay" : "parley",
        options.pairs(),
        options.devices(),
        options.window(),
        options.rate(),
        seconds,
        run.metrics.sent.sum(),
        run.metrics.acked.sum(),
        run.metrics.delivered.sum(),
        delivered / seconds,
        sentInWindow / seconds,
        LatencySummary.ofMicros(latencies[0]),
        LatencySummary.ofMicros(latencies[1]),
        LatencySummary.ofMicros(latencies[2]),
        run.metrics.receiptEvents.sum(),
        run.metrics.errors.sum(),
        run.metrics.lastError,
        run.metrics.retried.sum(),
        run.metrics.rateLimited.sum(),
        run.metrics.unanswered.sum(),
        run.metrics.unexpectedCloses.sum(),
        lost,
        duplicated,
        outOfOrder,
        outOfSeqOrder,
        server1.cpuPercentSince(server0, elapsed),
        server1.rssKb(),
        bench1.cpuPercentSince(bench0, elapsed),
        machine1.percentSince(machine0, elapsed),
        Runtime.getRuntime().availableProcessors(),
        clusterCpu);
  }

  /** A cluster process that is not running counts 0: say so rather than print a flattering sum. */
  private void warnIfStopped() {
    if (cluster != null) {
      for (String name : cluster.missing(ProcessTable.read())) {
        progress.printf("warning: %s (pid %d) is not running%n", name, cluster.pids().get(name));
      }
    }
  }

  /**
   * Waits until every acknowledged message reached every receiving device, or the drain time is up.
   */
  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + (long) (options.drainSeconds() * 1e9);
    int perPair = run.relay ? 1 : options.receivingDevicesPerPair();
    while (System.nanoTime() < deadline) {
      boolean settled = true;
      for (int i = 0; i < receivers.size() && settled; i++) {
        PairLink link = links.get(i / perPair);
        settled =
            link.acked.get() + link.failed.get() == link.sent.get()
                && receivers.get(i).tracker.distinct() >= link.acked.get();
      }
      if (settled) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void sleep(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }
}
