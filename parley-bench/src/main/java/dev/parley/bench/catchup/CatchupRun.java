package dev.parley.bench.catchup;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.MachineCpu;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.ServerTarget;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One catch-up measurement: a device syncs once and leaves, {@code messages} arrive from {@code
 * senders} users (one conversation each), then the device reconnects with its cursor; the time from
 * {@code sync} to {@code synced} is the catch-up time.
 */
public final class CatchupRun {
  private final ServerTarget target;
  private final Accounts accounts;
  private final PrintStream progress;
  private final FrameCodec codec = new FrameCodec();

  public CatchupRun(ServerTarget target, Accounts accounts, PrintStream progress) {
    this.target = target;
    this.accounts = accounts;
    this.progress = progress;
  }

  public CatchupResult run(long messages, int senders, int window, int bodyBytes, String prefix)
      throws Exception {
    try (WsClient client = new WsClient(2)) {
      List<String> handles = new ArrayList<>();
      handles.add(prefix + "r");
      for (int i = 0; i < senders; i++) {
        handles.add(prefix + "s" + i);
      }
      List<BenchDevice> devices =
          accounts.devices(handles, Collections.nCopies(handles.size(), "d0"));
      URI ws = target.wsUri("/v1/ws");
      String recipientToken = devices.get(0).token();

      // 1. The device is online once, learns its cursor, and leaves.
      CatchupReceiver first = new CatchupReceiver(codec, null);
      WsConnection c1 = client.connect(ws, recipientToken, null, first).get(30, TimeUnit.SECONDS);
      String cursor = first.synced.get(30, TimeUnit.SECONDS).cursor();
      c1.close();

      // 2. Messages arrive while it is away.
      long fillStart = System.nanoTime();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      List<WsConnection> senderConnections = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        long share = messages / senders + (i < messages % senders ? 1 : 0);
        CatchupSender sender = new CatchupSender(codec, handles.get(0), share, window, bodyBytes);
        senderConnections.add(
            client.connect(ws, devices.get(i + 1).token(), null, sender).get(30, TimeUnit.SECONDS));
        done.add(sender.done);
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      senderConnections.forEach(WsConnection::close);
      progress.printf(
          "%,d messages stored in %.1f s; reconnecting the offline device…%n",
          messages, fillSeconds);

      // 3. It comes back with its cursor.
      ProcessStats server0 = target.stats();
      MachineCpu machine0 = MachineCpu.now();
      CatchupReceiver back = new CatchupReceiver(codec, cursor);
      WsConnection c2 = client.connect(ws, recipientToken, null, back).get(30, TimeUnit.SECONDS);
      ServerFrame.Synced synced = back.synced.get(10, TimeUnit.MINUTES);
      long elapsed = System.nanoTime() - back.syncSentNanos;
      ProcessStats server1 = target.stats();
      MachineCpu machine1 = MachineCpu.now();
      c2.close();
      double seconds = elapsed / 1e9;
      return new CatchupResult(
          messages,
          senders,
          fillSeconds,
          seconds,
          back.messages / seconds,
          back.messages,
          back.feedFrames,
          Math.max(0, messages - (back.messages - back.duplicated)),
          back.duplicated,
          synced.reset(),
          server1.cpuPercentSince(server0, elapsed),
          server1.rssKb(),
          machine1.percentSince(machine0, elapsed));
    }
  }
}
