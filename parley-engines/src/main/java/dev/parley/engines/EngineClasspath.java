package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runtime classpath of an engine that runs from Maven Central artifacts (Kafka, Cassandra).
 *
 * <p>Resolved by running {@code mvn dependency:build-classpath} on the engine's own pom under
 * {@code cluster/<engine>/}, which keeps the engine's dependencies off every Parley classpath. The
 * result is cached in {@code cluster/<engine>/target/classpath.txt} and reused until the pom
 * changes, so only the first start after a version bump pays for Maven (and for the download).
 */
public final class EngineClasspath {
  private EngineClasspath() {}

  /**
   * The classpath for {@code cluster/<engine>/pom.xml}, resolving it first if the cache is stale.
   */
  public static String of(ClusterDirectory cluster, String engine) {
    Path pom = cluster.file(engine + "/pom.xml");
    Path cached = cluster.file(engine + "/target/classpath.txt");
    try {
      if (!Files.isRegularFile(cached)
          || Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(pom)) < 0) {
        resolve(pom, cached);
      }
      return Files.readString(cached).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void resolve(Path pom, Path cached) throws IOException {
    Files.createDirectories(cached.getParent());
    // Written aside, then moved: two test JVMs resolving at once must never read half a file.
    Path partial = Files.createTempFile(cached.getParent(), "classpath", ".part");
    Path log = cached.resolveSibling("resolve.log");
    List<String> command =
        List.of(
            System.getenv().getOrDefault("MVN", "mvn"),
            "-q",
            "-B",
            "-f",
            pom.toString(),
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=" + partial);
    Process mvn =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
        mvn.destroyForcibly();
        throw new IllegalStateException("resolving " + pom + " failed, see " + log);
      }
    } catch (InterruptedException e) {
      mvn.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resolving " + pom, e);
    }
    Files.move(
        partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
