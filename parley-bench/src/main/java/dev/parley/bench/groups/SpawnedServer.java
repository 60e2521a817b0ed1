package dev.parley.bench.groups;

import dev.parley.bench.target.TargetOptions;
import java.nio.file.Path;

/** The server as a child JVM that {@link ServerControl#stop()} ends and a start spawns again. */
final class SpawnedServer implements ServerControl {
  private final TargetOptions options;
  private TargetOptions.OpenTarget open;

  SpawnedServer(TargetOptions options) throws Exception {
    this.options = options;
    options.pinWorkDir();
  }

  @Override
  public Running start() throws Exception {
    open = options.open();
    return new Running(open.target(), open.accounts());
  }

  @Override
  public void stop() throws Exception {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  @Override
  public Path dataDir() throws Exception {
    return options.serverDataDir();
  }
}
