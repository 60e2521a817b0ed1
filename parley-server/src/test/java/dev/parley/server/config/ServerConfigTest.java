package dev.parley.server.config;

import static dev.parley.server.config.ServerOptions.ALLOWED_ORIGINS;
import static dev.parley.server.config.ServerOptions.HEARTBEAT;
import static dev.parley.server.config.ServerOptions.MAX_BODY_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.PORT;
import static dev.parley.server.config.ServerOptions.RATE_CHATTER;
import static dev.parley.server.config.ServerOptions.TLS_CERT;
import static dev.parley.server.config.ServerOptions.TRUSTED_PROXIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.messaging.RateLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A configuration in code: the same checks as on the command line, values kept across copies. */
class ServerConfigTest {

  @Test
  void aValueIsCheckedWhenSet() {
    assertThatThrownBy(() -> ServerConfig.builder().set(PORT, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port must be 0 to 65535, not -1");
    assertThatThrownBy(() -> ServerConfig.builder().set(HEARTBEAT, Duration.ZERO))
        .hasMessage("--heartbeat-ms must be at least 1, not 0");
  }

  @Test
  void valuesThatDependOnEachOtherAreCheckedWhenBuilt() {
    ServerConfig.Builder builder =
        ServerConfig.builder().set(MAX_FRAME_BYTES, 2_048).set(MAX_BODY_BYTES, 4_096);
    assertThatThrownBy(builder::build).hasMessageContaining("--max-body-bytes");
    assertThatThrownBy(() -> ServerConfig.builder().parse(TLS_CERT, "cert.pem").build())
        .hasMessageContaining("--tls-key");
  }

  @Test
  void aCopyKeepsWhatWasSetAndNullGoesBackToTheDefault() {
    ServerConfig first = ServerConfig.builder().set(PORT, 9000).parse(HEARTBEAT, "500").build();
    ServerConfig second = first.toBuilder().set(PORT, null).build();
    assertThat(first.get(PORT)).isEqualTo(9000);
    assertThat(second.get(PORT)).isEqualTo(7070);
    assertThat(second.get(HEARTBEAT)).isEqualTo(Duration.ofMillis(500));
    assertThat(second).hasToString("ServerConfig[--heartbeat-ms 500]");
  }

  @Test
  void aListSetInCodeMustAlreadyBeWrittenAsTheCommandLineWouldNormaliseIt() {
    assertThat(
            ServerConfig.builder()
                .parse(ALLOWED_ORIGINS, "https://Chat.Example.com/, *")
                .build()
                .get(ALLOWED_ORIGINS))
        .containsExactly("https://chat.example.com", "*");
    assertThatThrownBy(
            () -> ServerConfig.builder().set(ALLOWED_ORIGINS, List.of("https://Chat.Example.com/")))
        .hasMessageContaining("--allowed-origins must be origins");
    assertThatThrownBy(() -> ServerConfig.builder().set(TRUSTED_PROXIES, List.of("proxy.local")))
        .hasMessageContaining("--trusted-proxies must be IP addresses or ranges");
  }

  @Test
  void rateLimitsGoBothWays() {
    RateLimits limits = new RateLimits(1, 2, 3, 4, 5, 6);
    ServerConfig config = ServerConfig.builder().rateLimits(limits).build();
    assertThat(config.rateLimits()).isEqualTo(limits);
    assertThat(config.get(RATE_CHATTER)).isEqualTo(new Rate(5, 6));
    assertThat(ServerConfig.defaults().rateLimits())
        .isEqualTo(new RateLimits(50, 200, 200, 400, 10, 20));
  }
}
