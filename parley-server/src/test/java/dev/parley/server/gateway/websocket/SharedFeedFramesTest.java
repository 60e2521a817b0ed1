package dev.parley.server.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedBatch;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.gateway.session.PushFrames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedFeedFramesTest {
  private final FrameCodec codec = new FrameCodec();

  private static FeedBatch batch(String body) {
    return new FeedBatch(
        List.of(new StoredMessage("g.team", 7, "id-" + body, "alice", "phone", 1_000, body)),
        "e1.42");
  }

  @Test
  void theSessionsOfOneBatchShareOneEncoding() throws Exception {
    FeedBatch batch = batch("hello");
    TextWebSocketFrame first = SharedFeedFrames.frame(batch, codec);
    TextWebSocketFrame second = SharedFeedFrames.frame(batch, codec);
    try {
      assertThat(second.content().array()).isSameAs(first.content().array());
      assertThat(codec.decodeServer(second.text())).isEqualTo(PushFrames.feed(batch));
      assertThat(second.text()).isEqualTo(codec.encode(PushFrames.feed(batch)));
    } finally {
      first.release();
      second.release();
    }
  }

  @Test
  void anotherBatchWithEqualContentIsEncodedForItself() throws Exception {
    FeedBatch one = batch("same");
    TextWebSocketFrame a = SharedFeedFrames.frame(one, codec);
    TextWebSocketFrame b = SharedFeedFrames.frame(batch("other"), codec);
    TextWebSocketFrame c = SharedFeedFrames.frame(batch("same"), codec);
    try {
      assertThat(b.text()).contains("other").doesNotContain("\"same\"");
      assertThat(c.content().array()).isNotSameAs(a.content().array());
      assertThat(c.text()).isEqualTo(a.text());
      assertThat(codec.decodeServer(a.text())).isInstanceOf(ServerFrame.Feed.class);
    } finally {
      a.release();
      b.release();
      c.release();
    }
  }
}
