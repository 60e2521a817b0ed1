package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.messaging.RateLimits;
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
  void environmentNamesFollowTheFlags() {
    assertThat(ConfigDefaults.envName("--max-connections-per-user"))
        .isEqualTo("PARLEY_MAX_CONNECTIONS_PER_USER");
  }

  @Test
  void abuseLimitsHaveFlagsAndSafeDefaults() {
    ServerConfig defaults = parse(Map.of());
    assertThat(defaults.rateLimits()).isEqualTo(RateLimits.DEFAULTS);
    assertThat(defaults.loginLimits()).isEqualTo(LoginLimits.DEFAULTS);
    assertThat(defaults.deviceLimits()).isEqualTo(DeviceLimits.DEFAULTS);

    ServerConfig c =
        parse(
            Map.of(),
            "--rate-reads",
            "5/7",
            "--rate-opens",
            "2/3",
            "--max-pending-reads",
            "8",
            "--rate-registrations",
            "60/5",
            "--max-devices-per-user",
            "4",
            "--device-idle-days",
            "30");
    assertThat(c.rateLimits().readsPerSecond()).isEqualTo(5);
    assertThat(c.rateLimits().readBurst()).isEqualTo(7);
    assertThat(c.rateLimits().opensPerSecond()).isEqualTo(2);
    assertThat(c.rateLimits().openBurst()).isEqualTo(3);
    assertThat(c.rateLimits().maxPendingReads()).isEqualTo(8);
    assertThat(c.loginLimits().addressRegistrationBurst()).isEqualTo(5);
    assertThat(c.loginLimits().addressRegistrationInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.deviceLimits().maxPerUser()).isEqualTo(4);
    assertThat(c.deviceLimits().idleExpiry()).isEqualTo(Duration.ofDays(30));
  }
}
