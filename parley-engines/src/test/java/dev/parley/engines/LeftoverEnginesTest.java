package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverEnginesTest {
  @TempDir Path base;

  @Test
  void engineWhoseOwnerDiedIsKilledAndOneWithALiveOwnerIsKept() throws Exception {
    Path orphanDir = Files.createDirectory(base.resolve("orphan-1"));
    Path ownedDir = Files.createDirectory(base.resolve("owned-1"));
    Process orphan = new ProcessBuilder("sleep", "120").directory(orphanDir.toFile()).start();
    Process owned = new ProcessBuilder("sleep", "120").directory(ownedDir.toFile()).start();
    try {
      Files.writeString(orphanDir.resolve("engine.pid"), orphan.pid() + " " + deadPid() + "\n");
      LeftoverEngines.record(ownedDir, "engine", owned.pid());

      assertThat(LeftoverEngines.reap(base)).containsExactly(orphan.pid());
      await().atMost(Duration.ofSeconds(5)).until(() -> !orphan.isAlive());
      assertThat(owned.isAlive()).isTrue();
    } finally {
      orphan.destroyForcibly();
      owned.destroyForcibly();
    }
  }

  @Test
  void recycledPidWorkingElsewhereIsNotTouched() throws Exception {
    Path recordedDir = Files.createDirectory(base.resolve("engine-1"));
    Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
    Process unrelated = new ProcessBuilder("sleep", "120").directory(elsewhere.toFile()).start();
    try {
      Files.writeString(
          recordedDir.resolve("engine.pid"), unrelated.pid() + " " + deadPid() + "\n");
      assertThat(LeftoverEngines.reap(base)).isEmpty();
      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  /** The pid of a process that has exited, standing in for a test JVM that was killed. */
  private static long deadPid() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }
}
