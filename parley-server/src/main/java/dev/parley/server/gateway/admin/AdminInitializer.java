package dev.parley.server.gateway.admin;

import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayInitializer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The admin listener ({@code --admin-host}, {@code --admin-port}; 127.0.0.1:9070 by default):
 * {@code /metrics} for Prometheus, and {@code /healthz} and {@code /readyz} as on the client port.
 * Kept off the client port so that metrics, which describe the whole server, are not served to
 * whoever can reach the web client. Plain HTTP with the same request deadlines; no TLS, no
 * per-address cap (it listens on an operator's address).
 */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_BODY = 4_096;

  private final GatewayContext context;

  public AdminInitializer(GatewayContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    GatewayInitializer.addHttp(ch.pipeline(), context.config(), MAX_BODY);
    ch.pipeline().addLast("admin-router", new AdminRouter(context));
  }
}
