package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayLimitsTest {

  @Test
  void originsAreNormalisedAndBadValuesRefusedWithTheirFlag() {
    assertThat(
            GatewayLimits.DEFAULTS
                .withAllowedOrigins(List.of("https://Chat.Example.com/", "*"))
                .allowedOrigins())
        .containsExactly("https://chat.example.com", "*");
    assertThatThrownBy(() -> GatewayLimits.DEFAULTS.withAllowedOrigins(List.of("example.com")))
        .hasMessageContaining("--allowed-origins");
    assertThatThrownBy(() -> GatewayLimits.DEFAULTS.withHeaderTimeout(Duration.ZERO))
        .hasMessageContaining("--http-header-timeout-ms");
    assertThatThrownBy(() -> GatewayLimits.DEFAULTS.withMaxConnectionsPerAddress(-1))
        .hasMessageContaining("--max-connections-per-address");
    assertThatThrownBy(() -> GatewayLimits.DEFAULTS.withAdmin("127.0.0.1", 70_000))
        .hasMessageContaining("--admin-port");
  }

  @Test
  void defaultsKeepMetricsOnLoopback() {
    assertThat(GatewayLimits.DEFAULTS.adminHost()).isEqualTo("127.0.0.1");
    assertThat(GatewayLimits.DEFAULTS.adminPort()).isEqualTo(9070);
    assertThat(GatewayLimits.DEFAULTS.trustedProxies()).isEmpty();
    assertThat(GatewayLimits.DEFAULTS.maxConnectionsPerAddress()).isEqualTo(256);
  }
}
