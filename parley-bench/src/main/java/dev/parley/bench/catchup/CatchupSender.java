package dev.parley.bench.catchup;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.bench.load.MessageBody;
import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;

/**
 * Sends {@code count} messages to one recipient as fast as a window of {@code window} allows; {@link
 * #done} completes when all are acknowledged ({@code sent}) or one is refused.
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
    } else if (frame instanceof ServerFrame.Sent) {
      acked++;
      if (acked == count) {
        done.complete(null);
      } else {
        sendMore();
      }
    } else if (frame instanceof ServerFrame.Error error) {
      done.completeExceptionally(new IllegalStateException(error.code() + ": " + error.message()));
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
      connection.write(WireFrames.send(k, WireFrames.fastUuid(), conv, body));
      wrote = true;
    }
    if (wrote) {
      connection.flush();
    }
  }
}
