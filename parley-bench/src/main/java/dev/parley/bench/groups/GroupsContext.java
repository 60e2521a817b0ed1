package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.ServerTarget;
import dev.parley.protocol.FrameCodec;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** What every groups run works with: the server, its accounts, the client and shared counters. */
record GroupsContext(
    ServerTarget target,
    Accounts accounts,
    WsClient client,
    FrameCodec codec,
    GroupSession.Counters counters,
    int maxAdded,
    PrintStream progress) {
  /** Handshakes in flight at once: more only queue in the server's accept backlog. */
  private static final int MAX_PENDING_CONNECTS = 256;

  static GroupsContext of(
      ServerTarget target, Accounts accounts, WsClient client, int maxAdded, PrintStream progress) {
    return new GroupsContext(
        target,
        accounts,
        client,
        new FrameCodec(),
        new GroupSession.Counters(),
        maxAdded,
        progress);
  }

  URI ws() {
    return target.wsUri("/v1/ws");
  }

  GroupProvisioner provisioner() {
    return new GroupProvisioner(accounts, maxAdded, progress);
  }

  /** Logs in (or takes from the cache) device "d0" of each handle. */
  List<BenchDevice> devices(List<String> handles) {
    long start = System.nanoTime();
    int missing = accounts.missing(handles, Collections.nCopies(handles.size(), "d0"));
    if (missing > 0) {
      progress.printf("logging in %,d devices (%,d cached)…%n", missing, handles.size() - missing);
    }
    List<BenchDevice> devices =
        accounts.devices(handles, Collections.nCopies(handles.size(), "d0"));
    if (missing > 0) {
      progress.printf("logged in after %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
    return devices;
  }

  /** One session, synced from now. */
  GroupSession open(BenchDevice device) throws Exception {
    return new GroupSession(codec, counters, null)
        .open(client, ws(), device.token())
        .get(60, TimeUnit.SECONDS);
  }

  /** A session per device, in order, each synced from now. */
  List<GroupSession> openAll(List<BenchDevice> devices) throws InterruptedException {
    Semaphore pending = new Semaphore(MAX_PENDING_CONNECTS);
    List<CompletableFuture<GroupSession>> opened = new ArrayList<>();
    for (BenchDevice d : devices) {
      pending.acquire();
      opened.add(
          new GroupSession(codec, counters, null)
              .open(client, ws(), d.token())
              .whenComplete((s, e) -> pending.release()));
    }
    try {
      CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    } catch (Exception e) {
      long failed = opened.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      throw new IllegalStateException(
          failed + " of " + opened.size() + " sessions failed to sync: " + e.getMessage(), e);
    }
    return opened.stream().map(CompletableFuture::join).toList();
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }
}
