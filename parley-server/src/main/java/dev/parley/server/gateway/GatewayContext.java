package dev.parley.server.gateway;

import dev.parley.core.account.AccountService;
import dev.parley.core.messaging.ConnectionServices;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.http.OriginPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What the network handlers need from the rest of the server. {@code accountWork} runs password
 * hashing and account storage; {@code connections.reads()} runs storage reads; neither is ever a
 * Netty event loop.
 *
 * @param ssl TLS context, or null for plain HTTP
 * @param proxies, perAddress, origins the defences of {@link ServerConfig#gateway()}, built once
 *     per server ({@code perAddress} counts across all connections)
 */
public record GatewayContext(
    ServerConfig config,
    FrameCodec codec,
    AccountService accounts,
    ConnectionServices connections,
    Executor accountWork,
    BooleanSupplier ready,
    PrometheusMeterRegistry prometheus,
    SslContext ssl,
    TrustedProxies proxies,
    ConnectionsPerAddress perAddress,
    OriginPolicy origins) {

  /** The defences built from {@code config.gateway()}. */
  public GatewayContext(
      ServerConfig config,
      FrameCodec codec,
      AccountService accounts,
      ConnectionServices connections,
      Executor accountWork,
      BooleanSupplier ready,
      PrometheusMeterRegistry prometheus,
      SslContext ssl) {
    this(
        config,
        codec,
        accounts,
        connections,
        accountWork,
        ready,
        prometheus,
        ssl,
        TrustedProxies.parse(config.gateway().trustedProxies()),
        new ConnectionsPerAddress(config.gateway().maxConnectionsPerAddress()),
        new OriginPolicy(config.gateway().allowedOrigins()));
  }

  public Executor reads() {
    return connections.reads();
  }

  public GatewayLimits limits() {
    return config.gateway();
  }
}
