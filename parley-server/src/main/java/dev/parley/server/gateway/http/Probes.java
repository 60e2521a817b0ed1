package dev.parley.server.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} and {@code /readyz}, served on the client port (load balancers probe it) and on
 * the admin listener.
 */
public final class Probes {
  private Probes() {}

  public static void healthz(ChannelHandlerContext ctx, boolean keepAlive) {
    HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("status", "ok"));
  }

  public static void readyz(ChannelHandlerContext ctx, boolean keepAlive, BooleanSupplier ready) {
    boolean r = ready.getAsBoolean();
    HttpResponses.json(
        ctx,
        keepAlive,
        r ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        Map.of("status", r ? "ready" : "unavailable"));
  }
}
