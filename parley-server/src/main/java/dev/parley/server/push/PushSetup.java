package dev.parley.server.push;

import static dev.parley.server.config.ServerOptions.PUSH_GATEWAYS;
import static dev.parley.server.config.ServerOptions.PUSH_TIMEOUT;

import dev.parley.core.push.PushPolicy;
import dev.parley.core.push.PushService;
import dev.parley.server.backend.Backend;
import dev.parley.server.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The push service and its HTTP gateways, when {@code --push-gateways} names any. */
public record PushSetup(PushService service, HttpPushGateways gateways) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushSetup.class);

  /** Builds push for this node; empty if no gateway is configured. */
  public static Optional<PushSetup> create(
      ServerConfig config, Backend backend, Clock clock, MeterRegistry meters) {
    PushPolicy policy = config.pushPolicy();
    if (!policy.enabled()) {
      return Optional.empty();
    }
    HttpPushGateways gateways =
        new HttpPushGateways(
            PushGatewayUrls.parse(config.get(PUSH_GATEWAYS)), config.get(PUSH_TIMEOUT));
    PushService service =
        new PushService(
            policy,
            backend.pushStore().orElseThrow(),
            gateways,
            backend.accounts(),
            backend.history(),
            backend.groups(),
            backend.deviceOnline(),
            clock,
            meters);
    return Optional.of(new PushSetup(service, gateways));
  }

  @Override
  public void close() {
    service.close();
    gateways.close();
  }
}
