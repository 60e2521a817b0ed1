package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project's {@code cluster/} directory: engine poms, configuration templates and JVM option
 * files.
 *
 * <p>Found through the {@code parley.cluster.dir} system property (the build sets it for tests),
 * else by walking up from the working directory.
 */
public final class ClusterDirectory {
  private final Path root;

  private ClusterDirectory(Path root) {
    this.root = root;
  }

  /** Locates the directory; fails with the reason if it cannot be found. */
  public static ClusterDirectory locate() {
    String configured = System.getProperty("parley.cluster.dir");
    if (configured != null) {
      return new ClusterDirectory(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("cluster/kafka/pom.xml"))) {
        return new ClusterDirectory(dir.resolve("cluster"));
      }
    }
    throw new IllegalStateException("cluster/ not found: set -Dparley.cluster.dir");
  }

  /** A file under {@code cluster/}, e.g. {@code kafka/server.properties}. */
  public Path file(String relative) {
    return root.resolve(relative);
  }

  /**
   * Copies a template to {@code target}, replacing each {@code @KEY@} placeholder with its value;
   * the same syntax {@code start.sh} replaces with sed, so both fill the templates identically.
   */
  public Path render(String template, Path target, Map<String, String> values) {
    try {
      String text = Files.readString(file(template));
      for (Map.Entry<String, String> entry : values.entrySet()) {
        text = text.replace("@" + entry.getKey() + "@", entry.getValue());
      }
      if (text.matches("(?s).*@[A-Z_]+@.*")) {
        throw new IllegalStateException(template + " has a placeholder without a value");
      }
      Files.createDirectories(target.getParent());
      return Files.writeString(target, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JVM flags from an options file: one per line, blank lines and {@code #} comments ignored. */
  public List<String> jvmOptions(String relative) {
    try {
      return Files.readAllLines(file(relative)).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
