package dev.parley.server.config;

import static dev.parley.server.config.ServerOptions.ADMIN_HOST;
import static dev.parley.server.config.ServerOptions.ADMIN_PORT;
import static dev.parley.server.config.ServerOptions.ALLOWED_ORIGINS;
import static dev.parley.server.config.ServerOptions.CASSANDRA;
import static dev.parley.server.config.ServerOptions.CONFIG;
import static dev.parley.server.config.ServerOptions.DATA_DIR;
import static dev.parley.server.config.ServerOptions.HEARTBEAT;
import static dev.parley.server.config.ServerOptions.HTTP_HEADER_TIMEOUT;
import static dev.parley.server.config.ServerOptions.KAFKA_SESSION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.MAX_BODY_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_CONNECTIONS_PER_ADDRESS;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.MODE;
import static dev.parley.server.config.ServerOptions.PORT;
import static dev.parley.server.config.ServerOptions.SEQUENCER_MAX_BATCH;
import static dev.parley.server.config.ServerOptions.SYNC_WRITES;
import static dev.parley.server.config.ServerOptions.TRUSTED_PROXIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.messaging.RateLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley server}'s options come from flags, then the environment, then a properties file,
 * then the declared defaults; every declared option is on the command line and in {@code --help}.
 */
class ServerCommandTest {

  private static CommandLine commandLine(Map<String, String> env, String... args) {
    return new CommandLine(new ServerCommand())
        .setDefaultValueProvider(new ConfigDefaults(args, env));
  }

  private static ServerConfig parse(Map<String, String> env, String... args) {
    CommandLine line = commandLine(env, args);
    line.parseArgs(args);
    return ((ServerCommand) line.getCommand()).toConfig();
  }

  @Test
  void withNothingGivenEveryOptionHasItsDeclaredDefault() {
    ServerConfig parsed = parse(Map.of());
    for (Option<?> option : ServerOptions.ALL) {
      assertThat((Object) parsed.get(option)).as(option.flag()).isEqualTo(option.defaultValue());
    }
    assertThat(parsed.get(PORT)).isEqualTo(7070);
    assertThat(parsed.get(DATA_DIR)).isEqualTo(Path.of("data"));
    assertThat(parsed.get(SYNC_WRITES)).isTrue();
    assertThat(parsed.get(HEARTBEAT)).isEqualTo(Duration.ofSeconds(20));
    assertThat(parsed.rateLimits().messagesPerSecond()).isEqualTo(50);
    assertThat(parsed.clustered()).isFalse();
    assertThat(parsed.tls()).isFalse();
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("parley.properties");
    Files.writeString(
        file,
        "port=9000\ndata-dir=/from/file\nmax-body-bytes=1000\nrate-messages=7/9\n"
            + "kafka-session-timeout-ms=9000\n");
    Map<String, String> env =
        Map.of(
            "PARLEY_PORT", "9100",
            "PARLEY_DATA_DIR", "/from/env",
            "PARLEY_SEQUENCER_MAX_BATCH", "50");
    ServerConfig c = parse(env, "--config", file.toString(), "--port", "9200");
    assertThat(c.get(PORT)).isEqualTo(9200);
    assertThat(c.get(DATA_DIR)).isEqualTo(Path.of("/from/env"));
    assertThat(c.get(SEQUENCER_MAX_BATCH)).isEqualTo(50);
    assertThat(c.get(MAX_BODY_BYTES)).isEqualTo(1000);
    assertThat(c.get(KAFKA_SESSION_TIMEOUT)).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.rateLimits().messagesPerSecond()).isEqualTo(7);
    assertThat(c.rateLimits().messageBurst()).isEqualTo(9);
    assertThat(c.get(MAX_FRAME_BYTES)).isEqualTo(65_536);
    assertThat(c.get(CONFIG)).isEqualTo(file);
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.properties");
    Files.writeString(file, "sync-writes=false\nmode=cluster\ncassandra=a:1, b\n");
    ServerConfig c = parse(Map.of("PARLEY_CONFIG", file.toString()));
    assertThat(c.get(SYNC_WRITES)).isFalse();
    assertThat(c.clustered()).isTrue();
    assertThat(c.get(CASSANDRA))
        .extracting(InetSocketAddress::getHostString, InetSocketAddress::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 1),
            org.assertj.core.groups.Tuple.tuple("b", 9042));
  }

  @Test
  void badValuesAreRefusedWithAReason() {
    assertThatThrownBy(() -> parse(Map.of(), "--rate-messages", "fast"))
        .hasMessageContaining("--rate-messages must look like <rate/burst>");
    assertThatThrownBy(() -> parse(Map.of(), "--tls-cert", "/x.pem"))
        .hasMessageContaining("--tls-key");
    assertThatThrownBy(() -> parse(Map.of(), "--max-body-bytes", "100000"))
        .hasMessageContaining("--max-body-bytes must be at most --max-frame-bytes");
    assertThatThrownBy(() -> parse(Map.of(), "--sequencer-commit-interval-ms", "3000"))
        .hasMessageContaining(
            "--sequencer-commit-interval-ms must be at most half of --kafka-transaction-timeout-ms");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "70000"))
        .hasMessageContaining("--port must be 0 to 65535");
    assertThatThrownBy(() -> parse(Map.of(), "--mode", "sideways"))
        .hasMessageContaining("--mode must look like <embedded|cluster>");
    assertThatThrownBy(() -> parse(Map.of(), "--sync-writes", "yes"))
        .hasMessageContaining("--sync-writes");
    assertThatThrownBy(() -> parse(Map.of(), "--cluster-name", "Bad-Name"))
        .hasMessageContaining("--cluster-name must be lower-case letters");
    assertThatThrownBy(() -> parse(Map.of("PARLEY_HEARTBEAT_MS", "0")))
        .hasMessageContaining("--heartbeat-ms must be at least 1");
  }

  @Test
  void theGatewaysDefencesComeFromFlags() {
    ServerConfig c =
        parse(
            Map.of("PARLEY_ALLOWED_ORIGINS", "https://Chat.Example.com/"),
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
    assertThat(c.get(TRUSTED_PROXIES)).containsExactly("127.0.0.1", "10.0.0.0/8");
    assertThat(c.get(ALLOWED_ORIGINS)).containsExactly("https://chat.example.com");
    assertThat(c.get(ADMIN_PORT)).isZero();
    assertThat(c.get(ADMIN_HOST)).isEqualTo("0.0.0.0");
    assertThat(c.get(MAX_CONNECTIONS_PER_ADDRESS)).isZero();
    assertThat(c.get(HTTP_HEADER_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> parse(Map.of(), "--trusted-proxies", "nginx"))
        .hasMessageContaining("--trusted-proxies must be IP addresses or ranges");
    assertThatThrownBy(() -> parse(Map.of(), "--trusted-proxies", "10.0.0.0/33"))
        .hasMessageContaining("--trusted-proxies");
    assertThatThrownBy(() -> parse(Map.of(), "--allowed-origins", "example.com"))
        .hasMessageContaining("--allowed-origins must be origins");
    assertThatThrownBy(() -> parse(Map.of(), "--http-header-timeout-ms", "0"))
        .hasMessageContaining("--http-header-timeout-ms must be at least 1");
    assertThatThrownBy(() -> parse(Map.of(), "--max-connections-per-address", "-1"))
        .hasMessageContaining("--max-connections-per-address must be at least 0");
    assertThatThrownBy(() -> parse(Map.of(), "--admin-port", "70000"))
        .hasMessageContaining("--admin-port must be 0 to 65535");
  }

  @Test
  void theGatewaysDefaultsKeepMetricsOnLoopbackAndTrustNoProxy() {
    ServerConfig defaults = parse(Map.of());
    assertThat(defaults.get(ADMIN_HOST)).isEqualTo("127.0.0.1");
    assertThat(defaults.get(ADMIN_PORT)).isEqualTo(9070);
    assertThat(defaults.get(TRUSTED_PROXIES)).isEmpty();
    assertThat(defaults.get(ALLOWED_ORIGINS)).isEmpty();
    assertThat(defaults.get(MAX_CONNECTIONS_PER_ADDRESS)).isEqualTo(256);
  }

  @Test
  void aBadValueEndsTheCommandWithUsageNotAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine line = commandLine(Map.of(), "--max-connections", "0");
    line.setErr(new PrintWriter(err));
    int exit = line.execute("--max-connections", "0");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--max-connections must be at least 1")
        .contains("Usage:")
        .doesNotContain("Exception");
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndEnvironmentVariable() {
    String help = commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    // picocli wraps long descriptions (also after dots and colons): compare without white space.
    String unwrapped = help.replaceAll("\\s+", "");
    for (Option<?> option : ServerOptions.ALL) {
      assertThat(help).contains(option.flag() + "=" + option.label());
      assertThat(unwrapped).contains("Env:" + option.envVar() + ".");
      if (option.defaultText() != null) {
        assertThat(unwrapped).contains("Default:" + option.defaultText() + ".");
      }
    }
  }

  @Test
  void everyDefaultReadsBackFromItsOwnText() {
    for (Option<?> option : ServerOptions.ALL) {
      if (option.defaultText() != null) {
        assertThat((Object) option.parse(option.defaultText()))
            .as(option.flag())
            .isEqualTo(option.defaultValue());
      }
    }
  }

  @Test
  void namesFollowOneRule() {
    Option<?> option = ServerOptions.MAX_CONNECTIONS_PER_USER;
    assertThat(option.flag()).isEqualTo("--max-connections-per-user");
    assertThat(option.envVar()).isEqualTo("PARLEY_MAX_CONNECTIONS_PER_USER");
    assertThat(Option.envVarOf("--data-dir")).isEqualTo("PARLEY_DATA_DIR");
    assertThat(ServerOptions.ALL.stream().map(Option::name).distinct())
        .hasSameSizeAs(ServerOptions.ALL);
  }

  @Test
  void theDeclarationsAreTheCommandLine() {
    List<String> flags =
        commandLine(Map.of()).getCommandSpec().options().stream()
            .map(o -> o.longestName())
            .filter(name -> !List.of("--help", "--version").contains(name))
            .toList();
    assertThat(flags)
        .containsExactlyElementsOf(ServerOptions.ALL.stream().map(Option::flag).toList());
    assertThat(parse(Map.of(), "--mode", "CLUSTER").get(MODE))
        .isEqualTo(ServerOptions.Mode.CLUSTER);
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
