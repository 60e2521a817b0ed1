package dev.parley.server.gateway.websocket;

import dev.parley.core.feed.FeedBatch;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.gateway.session.PushFrames;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a feed batch once for all the sessions it goes to. A group message's commit is pushed to
 * every online member's session one after another on the same thread, and in embedded mode as the
 * same {@link FeedBatch} instance (same events, same cursor): encoding it for each of 2,000
 * sessions was a third of the fan-out's time. Each thread remembers the last batch it encoded; the
 * frames share its bytes read-only.
 */
final class SharedFeedFrames {
  private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

  private SharedFeedFrames() {}

  static TextWebSocketFrame frame(FeedBatch batch, FrameCodec codec) {
    Last last = LAST.get();
    if (last.batch != batch) {
      last.bytes = codec.encode(PushFrames.feed(batch)).getBytes(StandardCharsets.UTF_8);
      last.batch = batch;
    }
    return new TextWebSocketFrame(Unpooled.wrappedBuffer(last.bytes));
  }

  private static final class Last {
    private FeedBatch batch;
    private byte[] bytes;
  }
}
