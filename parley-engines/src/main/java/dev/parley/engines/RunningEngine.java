package dev.parley.engines;

/** What every started engine shares: its process, the one port clients use, and stopping it. */
public abstract class RunningEngine implements AutoCloseable {
  private final EngineProcess process;
  private final int port;

  RunningEngine(EngineProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The engine's client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The engine process's pid. */
  public long pid() {
    return process.pid();
  }

  /** Whether the engine process is running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the engine (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public void close() {
    process.close();
  }
}
