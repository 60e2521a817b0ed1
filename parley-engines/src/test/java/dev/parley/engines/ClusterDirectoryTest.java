package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDirectoryTest {
  private final ClusterDirectory cluster = ClusterDirectory.locate();
  @TempDir Path dir;

  @Test
  void renderFillsEveryPlaceholder() throws Exception {
    Path redisConf =
        cluster.render(
            "redis/redis.conf",
            dir.resolve("redis.conf"),
            Map.of("PORT", "6390", "DATA_DIR", dir.toString()));
    assertThat(Files.readAllLines(redisConf)).contains("port 6390", "dir " + dir);
  }

  @Test
  void renderRefusesATemplateWithAPlaceholderLeft() {
    assertThatThrownBy(
            () ->
                cluster.render(
                    "redis/redis.conf", dir.resolve("redis.conf"), Map.of("PORT", "6390")))
        .hasMessageContaining("placeholder without a value");
  }

  @Test
  void cassandraFlagsKeepTheHeapSmallAndOpenTheJdkInternals() {
    assertThat(cluster.jvmOptions("cassandra/jvm17.options"))
        .contains("-Xms256m", "-Xmx1g", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .noneMatch(option -> option.startsWith("#") || option.isBlank());
  }
}
