package dev.parley.bench.connections;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.HeapProbe;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.ServerTarget;
import dev.parley.protocol.FrameCodec;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One idle-connections measurement: log the devices in, take the server's RSS and live heap, open
 * every connection (authenticated, synced, pinging), hold them, measure again.
 */
public final class IdleConnectionsRun {
  private static final int MAX_PENDING_CONNECTS = 512;
  private final ServerTarget target;
  private final Accounts accounts;
  private final PrintStream progress;

  /** The shape of a run; devices are spread over users {@code devicesPerUser} at a time. */
  public record Shape(
      int connections,
      int devicesPerUser,
      int sourceAddresses,
      double holdSeconds,
      double heartbeatSeconds,
      String handlePrefix) {}

  public IdleConnectionsRun(ServerTarget target, Accounts accounts, PrintStream progress) {
    this.target = target;
    this.accounts = accounts;
    this.progress = progress;
  }

  public ConnectionsResult run(Shape shape) throws InterruptedException {
    int count = shape.connections();
    int users = (count + shape.devicesPerUser() - 1) / shape.devicesPerUser();
    List<String> handles = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      handles.add(shape.handlePrefix() + (i / shape.devicesPerUser()));
      names.add("d" + (i % shape.devicesPerUser()));
    }
    int loggedIn = accounts.missing(handles, names);
    long loginStart = System.nanoTime();
    progress.printf(
        "logging in %,d devices of %,d users (%,d not cached)…%n", count, users, loggedIn);
    List<BenchDevice> devices = accounts.devices(handles, names);
    progress.printf("logged in after %.1f s%n", (System.nanoTime() - loginStart) / 1e9);

    long heapBefore = HeapProbe.liveHeapKb(target.pid());
    ProcessStats before = target.stats();
    LongAdder pongs = new LongAdder();
    LongAdder closes = new LongAdder();
    List<IdleSession> sessions = new ArrayList<>();
    List<CompletableFuture<WsConnection>> connections = new ArrayList<>();
    try (WsClient client = new WsClient(2)) {
      long openStart = System.nanoTime();
      open(client, shape, devices, pongs, closes, sessions, connections);
      int failed = 0;
      for (IdleSession s : sessions) {
        try {
          s.ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed++;
        }
      }
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      int opened = count - failed;
      progress.printf(
          "%,d open in %.1f s; holding %.0f s…%n", opened, openSeconds, shape.holdSeconds());
      ProcessStats holdStart = target.stats();
      long holdStartNanos = System.nanoTime();
      Thread.sleep((long) (shape.holdSeconds() * 1000));
      long held = System.nanoTime() - holdStartNanos;
      ProcessStats after = target.stats();
      long heapAfter = HeapProbe.liveHeapKb(target.pid());
      sessions.forEach(s -> s.stopping = true);
      for (CompletableFuture<WsConnection> c : connections) {
        if (c.isDone() && !c.isCompletedExceptionally()) {
          c.join().close();
        }
      }
      return new ConnectionsResult(
          count,
          opened,
          failed,
          users,
          shape.sourceAddresses(),
          openSeconds,
          opened / openSeconds,
          held / 1e9,
          pongs.sum(),
          closes.sum(),
          before.rssKb(),
          after.rssKb(),
          opened == 0 ? 0 : (after.rssKb() - before.rssKb()) / (double) opened,
          after.cpuPercentSince(holdStart, held),
          ProcessStats.self().rssKb(),
          heapBefore < 0 || heapAfter < 0 || opened == 0
              ? -1
              : (heapAfter - heapBefore) / (double) opened,
          loggedIn);
    }
  }

  private void open(
      WsClient client,
      Shape shape,
      List<BenchDevice> devices,
      LongAdder pongs,
      LongAdder closes,
      List<IdleSession> sessions,
      List<CompletableFuture<WsConnection>> connections)
      throws InterruptedException {
    URI ws = target.wsUri("/v1/ws");
    FrameCodec codec = new FrameCodec();
    long heartbeatNanos = (long) (shape.heartbeatSeconds() * 1e9);
    Semaphore pending = new Semaphore(MAX_PENDING_CONNECTS);
    for (int i = 0; i < shape.connections(); i++) {
      IdleSession session = new IdleSession(codec, heartbeatNanos, pongs, closes);
      sessions.add(session);
      // Loopback source addresses from 127.0.0.2: each one has its own ~28,000 ephemeral ports.
      String source = "127.0.0." + (2 + i % shape.sourceAddresses());
      pending.acquire();
      CompletableFuture<WsConnection> c =
          client.connect(ws, devices.get(i).token(), source, session);
      c.thenCompose(x -> session.ready).whenComplete((v, e) -> pending.release());
      connections.add(c);
      if ((i + 1) % 5000 == 0) {
        progress.printf("  %,d connecting/open%n", i + 1);
      }
    }
  }
}
