package dev.parley.bench.groups;

import dev.parley.bench.load.MessageBody;
import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills conversations as fast as a window of unacknowledged sends allows, for the runs where only
 * the result counts (what an offline member misses, what the disk holds), not the pace.
 */
final class BulkSender {
  // Far above the message counters FanOutRun uses as refs, so the two never share a ref.
  private static final AtomicLong REFS = new AtomicLong(1L << 40);
  private final GroupSession sender;
  private final int window;
  private final int bodyBytes;
  private final boolean incompressible;

  BulkSender(GroupSession sender, int window, int bodyBytes) {
    this(sender, window, bodyBytes, false);
  }

  /** {@code incompressible}: bodies padded with random characters, see {@link MessageBody}. */
  BulkSender(GroupSession sender, int window, int bodyBytes, boolean incompressible) {
    this.sender = sender;
    this.window = window;
    this.bodyBytes = bodyBytes;
    this.incompressible = incompressible;
  }

  /**
   * Sends {@code perConv} messages to each conversation, interleaved; returns once all are
   * acknowledged. Message bodies count from {@code firstK}.
   */
  void send(List<String> convs, int perConv, long firstK) throws Exception {
    Semaphore slots = new Semaphore(window);
    List<CompletableFuture<ServerFrame>> replies = new ArrayList<>();
    long k = firstK;
    for (int i = 0; i < perConv; i++) {
      for (String conv : convs) {
        slots.acquire();
        MessageBody m = new MessageBody(k++, System.nanoTime());
        String body = incompressible ? m.encodeIncompressible(bodyBytes) : m.encode(bodyBytes);
        long ref = REFS.incrementAndGet();
        String frame = WireFrames.send(ref, WireFrames.fastUuid(), conv, body);
        CompletableFuture<ServerFrame> reply = sender.request(Long.toString(ref), frame);
        reply.whenComplete((r, e) -> slots.release());
        replies.add(reply);
      }
    }
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
  }
}
