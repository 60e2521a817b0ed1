package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.gateway.GatewayLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Configuration comes from flags, then the environment, then a properties file, then defaults. */
class ServerCommandTest {

  private static ServerConfig parse(Map<String, String> env, String... args) {
    ServerCommand command = new ServerCommand();
    new CommandLine(command).setDefaultValueProvider(new ConfigDefaults(args, env)).parseArgs(args);
    return command.toConfig();
  }

  @Test
  void defaultsAreSane() {
    ServerConfig c = parse(Map.of());
    assertThat(c.port()).isEqualTo(7070);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.syncWrites()).isTrue();
    assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.rateLimits().messagesPerSecond()).isEqualTo(50);
    assertThat(c.tls()).isFalse();
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("parley.properties");
    Files.writeString(
        file, "port=9000\ndata-dir=/from/file\nmax-body-bytes=1000\nrate-messages=7/9\n");
    Map<String, String> env = Map.of("PARLEY_PORT", "9100", "PARLEY_DATA_DIR", "/from/env");
    ServerConfig c = parse(env, "--config", file.toString(), "--port", "9200");
    assertThat(c.port()).isEqualTo(9200);
    assertThat(c.dataDir()).isEqualTo(Path.of("/from/env"));
    assertThat(c.maxBodyBytes()).isEqualTo(1000);
    assertThat(c.rateLimits().messagesPerSecond()).isEqualTo(7);
    assertThat(c.rateLimits().messageBurst()).isEqualTo(9);
    assertThat(c.maxFrameBytes()).isEqualTo(65_536);
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.properties");
    Files.writeString(file, "sync-writes=false\n");
    assertThat(parse(Map.of("PARLEY_CONFIG", file.toString())).syncWrites()).isFalse();
  }

  @Test
  void badValuesAreRefusedWithAReason() {
    assertThatThrownBy(() -> parse(Map.of(), "--rate-messages", "fast"))
        .hasMessageContaining("--rate-messages");
    assertThatThrownBy(() -> parse(Map.of(), "--tls-cert", "/x.pem"))
        .hasMessageContaining("--tls-key");
    assertThatThrownBy(() -> parse(Map.of(), "--max-body-bytes", "100000"))
        .hasMessageContaining("max-body-bytes");
  }

  @Test
  void theGatewaysDefencesComeFromFlags() {
    assertThat(parse(Map.of()).gateway()).isEqualTo(GatewayLimits.DEFAULTS);
    ServerConfig c =
        parse(
            Map.of("PARLEY_ALLOWED_ORIGINS", "https://chat.example.com"),
            "--trusted-proxies",
            "127.0.0.1, 10.0.0.0/8",
            "--admin-port",
            "0",
            "--admin-host",
            "0.0.0.0",
            "--max-connections-per-address",
            "0",
            "--http-header-timeout-ms",
            "2000");
    assertThat(c.gateway().trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8");
    assertThat(c.gateway().allowedOrigins()).containsExactly("https://chat.example.com");
    assertThat(c.gateway().adminPort()).isZero();
    assertThat(c.gateway().adminHost()).isEqualTo("0.0.0.0");
    assertThat(c.gateway().maxConnectionsPerAddress()).isZero();
    assertThat(c.gateway().headerTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> parse(Map.of(), "--trusted-proxies", "nginx"))
        .hasMessageContaining("--trusted-proxies");
  }

  @Test
  void environmentNamesFollowTheFlags() {
    assertThat(ConfigDefaults.envName("--max-connections-per-user"))
        .isEqualTo("PARLEY_MAX_CONNECTIONS_PER_USER");
  }
}
