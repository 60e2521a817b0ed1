package dev.parley.server.gateway;

import static dev.parley.server.config.ServerOptions.ALLOWED_ORIGINS;
import static dev.parley.server.config.ServerOptions.MAX_CONNECTIONS_PER_ADDRESS;
import static dev.parley.server.config.ServerOptions.TRUSTED_PROXIES;

import dev.parley.core.account.AccountService;
import dev.parley.core.push.PushService;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.http.OriginPolicy;
import dev.parley.server.gateway.session.ConnectionServices;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What the network handlers need from the rest of the server. {@code accountWork} runs password
 * hashing and account storage; {@code tokenChecks} authenticates WebSocket sessions (a pool of its
 * own, so a flood of reads cannot delay anyone's log-in); {@code connections.reads()} runs storage
 * reads; none is ever a Netty event loop.
 *
 * @param ssl TLS context, or null for plain HTTP
 * @param push push notifications, or null when not configured (no {@code --push-gateways})
 * @param proxies, perAddress, origins the defences of {@code --trusted-proxies}, {@code
 *     --max-connections-per-address} and {@code --allowed-origins}, built once per server ({@code
 *     perAddress} counts across all connections)
 */
public record GatewayContext(
    ServerConfig config,
    FrameCodec codec,
    AccountService accounts,
    ConnectionServices connections,
    Executor accountWork,
    Executor tokenChecks,
    BooleanSupplier ready,
    PrometheusMeterRegistry prometheus,
    SslContext ssl,
    PushService push,
    TrustedProxies proxies,
    ConnectionsPerAddress perAddress,
    OriginPolicy origins) {

  /** The defences built from {@code config}. */
  public GatewayContext(
      ServerConfig config,
      FrameCodec codec,
      AccountService accounts,
      ConnectionServices connections,
      Executor accountWork,
      Executor tokenChecks,
      BooleanSupplier ready,
      PrometheusMeterRegistry prometheus,
      SslContext ssl,
      PushService push) {
    this(
        config,
        codec,
        accounts,
        connections,
        accountWork,
        tokenChecks,
        ready,
        prometheus,
        ssl,
        push,
        TrustedProxies.parse(config.get(TRUSTED_PROXIES)),
        new ConnectionsPerAddress(config.get(MAX_CONNECTIONS_PER_ADDRESS)),
        new OriginPolicy(config.get(ALLOWED_ORIGINS)));
  }

  public Executor reads() {
    return connections.reads();
  }
}
