package dev.parley.bench.catchup;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.bench.load.MessageBody;
import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code count} messages to one recipient as fast as a window of {@code window} allows,
 * sending a frame again after {@code retryAfterMs} when the server rate-limits it; {@link #done}
 * completes when all are acknowledged ({@code sent}) or one is refused for good.
 */
final class CatchupSender implements WsListener {
  private final FrameCodec codec;
  private final String recipientHandle;
  private final long count;
  private final int window;
  private final int bodyBytes;
  private WsConnection connection;
  private String conv;
  private long nextK;
  private long acked;
  private final Map<String, String> inFlight = new HashMap<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();

  CatchupSender(FrameCodec codec, String recipientHandle, long count, int window, int bodyBytes) {
    this.codec = codec;
    this.recipientHandle = recipientHandle;
    this.count = count;
    this.window = window;
    this.bodyBytes = bodyBytes;
  }

  @Override
  public void onText(WsConnection c, String text) {
    connection = c;
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      done.completeExceptionally(e);
      return;
    }
    if (frame instanceof ServerFrame.Welcome) {
      c.send(WireFrames.SYNC_FROM_NOW);
    } else if (frame instanceof ServerFrame.Synced) {
      c.send(codec.encode(new ClientFrame.Open("open", recipientHandle)));
    } else if (frame instanceof ServerFrame.Opened opened) {
      conv = opened.conv();
      sendMore();
    } else if (frame instanceof ServerFrame.Sent sent) {
      inFlight.remove(sent.ref());
      acked++;
      if (acked == count) {
        done.complete(null);
      } else {
        sendMore();
      }
    } else if (frame instanceof ServerFrame.Error error) {
      String again = error.ref() == null ? null : inFlight.get(error.ref());
      if (again != null
          && ("rate_limited".equals(error.code())
              || "overloaded".equals(error.code())
              || "out_of_order".equals(error.code()))) {
        long delay = error.retryAfterMs() != null ? error.retryAfterMs() : 100;
        c.eventLoop().schedule(() -> c.send(again), delay, TimeUnit.MILLISECONDS);
      } else {
        done.completeExceptionally(
            new IllegalStateException(error.code() + ": " + error.message()));
      }
    }
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    done.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
  }

  private void sendMore() {
    boolean wrote = false;
    while (nextK < count && nextK - acked < window) {
      long k = nextK++;
      String body = new MessageBody(k, System.nanoTime()).encode(bodyBytes);
      String text = WireFrames.send(k, WireFrames.fastUuid(), conv, body);
      inFlight.put(Long.toString(k), text);
      connection.write(text);
      wrote = true;
    }
    if (wrote) {
      connection.flush();
    }
  }
}
