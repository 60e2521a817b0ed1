package dev.parley.server.gateway.websocket;

import dev.parley.core.account.Principal;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.gateway.session.FrameSession;
import dev.parley.server.gateway.session.PushFrames;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;

/**
 * A device session on a Netty channel. Safe to call from any thread. Every frame goes through the
 * connection's {@link Outbound}: a device that does not read is cut (4010) once more than {@code
 * --max-outbound-bytes} is queued for it, and catches up from its cursor when it reconnects — its
 * feed is durable, so nothing is lost. The core's pushes become frames here, through {@link
 * PushFrames}.
 */
final class NettyDeviceSession implements FrameSession {
  private final Outbound outbound;
  private final Principal principal;
  private final FrameCodec codec;

  NettyDeviceSession(Outbound outbound, Principal principal, FrameCodec codec) {
    this.outbound = outbound;
    this.principal = principal;
    this.codec = codec;
  }

  @Override
  public String userId() {
    return principal.userId();
  }

  @Override
  public String deviceId() {
    return principal.deviceId();
  }

  @Override
  public CompletableFuture<Void> send(ServerFrame frame) {
    return completion(outbound.send(new TextWebSocketFrame(codec.encode(frame))));
  }

  private CompletableFuture<Void> sendPaced(ServerFrame frame) {
    return completion(outbound.sendPaced(new TextWebSocketFrame(codec.encode(frame))));
  }

  @Override
  public CompletableFuture<Void> push(FeedBatch batch) {
    return completion(outbound.send(SharedFeedFrames.frame(batch, codec)));
  }

  @Override
  public CompletableFuture<Void> pushPaced(FeedBatch batch) {
    return completion(outbound.sendPaced(SharedFeedFrames.frame(batch, codec)));
  }

  @Override
  public CompletableFuture<Void> synced(String cursor, boolean reset) {
    return sendPaced(PushFrames.synced(cursor, reset));
  }

  @Override
  public CompletableFuture<Void> push(EphemeralEvent event) {
    return send(PushFrames.ephemeral(event));
  }

  /**
   * A future completing with the write. One already done (a closed channel's failure) completes it
   * here: Netty would run a listener on the channel's event loop, and one that has terminated (a
   * node stopping under load, answering the appends it gives up) refuses the task and logs it, and
   * the future never completes.
   */
  static CompletableFuture<Void> completion(ChannelFuture written) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (written.isDone()) {
      settle(done, written);
    } else {
      written.addListener(f -> settle(done, written));
    }
    return done;
  }

  private static void settle(CompletableFuture<Void> done, ChannelFuture written) {
    if (written.isSuccess()) {
      done.complete(null);
    } else {
      done.completeExceptionally(written.cause());
    }
  }

  @Override
  public CompletableFuture<Void> close(SessionEnd why, String reason) {
    outbound.close(PushFrames.closeCode(why), reason);
    return completion(outbound.closeFuture());
  }
}
