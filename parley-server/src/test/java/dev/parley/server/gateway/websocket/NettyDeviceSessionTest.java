package dev.parley.server.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyDeviceSessionTest {

  /** A node stopping under load answers the appends it gives up after its event loops ended. */
  @Test
  void aWriteThatFailedOnAStoppedEventLoopStillCompletes() {
    DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    EventLoop stopped = group.next();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    ChannelPromise write = new DefaultChannelPromise(new EmbeddedChannel(), stopped);
    write.setFailure(new ClosedChannelException());

    CompletableFuture<Void> done = NettyDeviceSession.completion(write);

    assertThat(done).isCompletedExceptionally();
  }

  @Test
  void aWriteInProgressCompletesWhenItIsDone() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ChannelPromise write = channel.newPromise();

    CompletableFuture<Void> done = NettyDeviceSession.completion(write);
    assertThat(done).isNotDone();
    write.setSuccess();
    channel.runPendingTasks();

    assertThat(done).isCompleted();
  }
}
