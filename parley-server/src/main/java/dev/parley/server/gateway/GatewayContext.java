package dev.parley.server.gateway;

import dev.parley.core.account.AccountService;
import dev.parley.core.messaging.ConnectionServices;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
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
    SslContext ssl) {

  public Executor reads() {
    return connections.reads();
  }
}
