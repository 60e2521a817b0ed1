package dev.parley.bench.attack;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One abusive client, run on its own threads until {@link #close()}. It records when the server
 * first refused it (an error frame such as {@code rate_limited} or {@code overloaded}) and when the
 * server ended its connection, counted from {@link #start()}.
 */
abstract class Attacker implements AutoCloseable {
  private long startNanos;
  private volatile long closedAfterMillis = -1;
  private volatile long refusedAfterMillis = -1;
  protected volatile boolean stopping;
  protected final AtomicLong sent = new AtomicLong();

  final void start() {
    startNanos = System.nanoTime();
    launch();
  }

  /** Starts the attack's threads; they stop when {@link #stopping} turns true. */
  protected abstract void launch();

  /** What the attack is, for the report. */
  abstract String describe();

  /** The server ended the connection (all of them, for many-connection attacks). */
  protected final void closedByServer() {
    if (!stopping && closedAfterMillis < 0) {
      closedAfterMillis = (System.nanoTime() - startNanos) / 1_000_000;
    }
  }

  /** The server answered with a refusal. */
  protected final void refusedByServer() {
    if (refusedAfterMillis < 0) {
      refusedAfterMillis = (System.nanoTime() - startNanos) / 1_000_000;
    }
  }

  long closedAfterMillis() {
    return closedAfterMillis;
  }

  long refusedAfterMillis() {
    return refusedAfterMillis;
  }

  long sent() {
    return sent.get();
  }

  /** Starts a daemon thread that runs {@code body}, named after the attack. */
  protected final void thread(String name, Runnable body) {
    Thread t = new Thread(body, "attack-" + name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    stopping = true;
  }
}
