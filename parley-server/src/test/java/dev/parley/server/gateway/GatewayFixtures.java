package dev.parley.server.gateway;

import dev.parley.core.messaging.DeviceRateLimiters;
import dev.parley.core.messaging.RateLimits;
import dev.parley.core.messaging.SendOrder;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.http.HttpRouter;
import dev.parley.server.gateway.session.ConnectionServices;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * What the gateway's handler tests share: a {@link GatewayContext} without a store (the handlers
 * under test never reach it), executors the test runs by hand, and a socket whose peer stops
 * reading.
 */
public final class GatewayFixtures {
  public final ParleyMetrics metrics = ParleyMetrics.inMemory();

  /** Work handed to the account and read executors, run when the test says so. */
  public final Queue<Runnable> offloaded = new ArrayDeque<>();

  public final Executor heldExecutor = offloaded::add;

  public GatewayContext context(UnaryOperator<ServerConfig.Builder> config) {
    ServerConfig c = config.apply(ServerConfig.builder()).build();
    ConnectionServices connections =
        new ConnectionServices(
            null,
            null,
            null,
            null,
            null,
            null,
            heldExecutor,
            new DeviceRateLimiters(RateLimits.UNLIMITED),
            new SendOrder(),
            metrics);
    return new GatewayContext(
        c,
        new FrameCodec(),
        null,
        connections,
        heldExecutor,
        heldExecutor,
        () -> true,
        null,
        null,
        null);
  }

  public GatewayContext context() {
    return context(UnaryOperator.identity());
  }

  /** Runs the offloaded work queued so far. */
  public void runOffloaded() {
    Runnable r;
    while ((r = offloaded.poll()) != null) {
      r.run();
    }
  }

  public double rejected(String reason) {
    Counter c = metrics.registry().find("parley.frames.rejected").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  /**
   * The first handler of a pipeline: while stalled, flushes go nowhere, so written frames stay
   * queued in the channel (counted by its water marks) and their writes never complete — a peer
   * that does not read.
   */
  public static final class StalledSocket extends ChannelOutboundHandlerAdapter {
    public StalledSocket(boolean stalled) {
      this.stalled = stalled;
    }

    private boolean stalled;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (!stalled) {
        ctx.flush();
      }
    }

    /** The peer stops reading. */
    public void stall() {
      stalled = true;
    }

    /** The peer reads again: everything queued goes out. */
    public void drain() {
      stalled = false;
      ctx.flush();
    }
  }

  /**
   * A connection through the client port's HTTP stack and router (what {@link GatewayInitializer}
   * builds, minus TLS and the per-address cap), with its clock frozen; {@code first} go before it.
   */
  public static EmbeddedChannel gateway(GatewayContext context, ChannelHandler... first) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    for (ChannelHandler h : first) {
      ch.pipeline().addLast(h);
    }
    GatewayInitializer.addHttp(ch.pipeline(), context.config(), GatewayInitializer.MAX_HTTP_BODY);
    ch.pipeline().addLast("router", new HttpRouter(context));
    return ch;
  }

  /** Sends bytes as the client. */
  public static void send(EmbeddedChannel ch, String ascii) {
    ch.writeInbound(Unpooled.copiedBuffer(ascii, StandardCharsets.ISO_8859_1));
  }

  /** Everything written to the channel so far, as text (for byte-level HTTP pipelines). */
  public static String outboundText(EmbeddedChannel ch) {
    StringBuilder out = new StringBuilder();
    Object msg;
    while ((msg = ch.readOutbound()) != null) {
      if (msg instanceof ByteBuf b) {
        out.append(b.toString(StandardCharsets.ISO_8859_1));
        b.release();
      }
    }
    return out.toString();
  }
}
