package dev.parley.cluster.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-arms what a node keeps alive in Redis under a {@code ttl} (device registrations, presence
 * connections): runs {@code refresh} every ttl/3 on a daemon thread of its own, where it may block
 * on Redis. A node that dies stops refreshing, and its keys expire by themselves within the ttl; a
 * refresh that fails is logged and the next one tries again.
 */
public final class RefreshSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshSchedule.class);

  private final String name;
  private final long periodMillis;
  private final Runnable refresh;
  private final ScheduledExecutorService thread;

  public RefreshSchedule(String name, Duration ttl, Runnable refresh) {
    this.name = name;
    this.periodMillis = Math.max(1, ttl.toMillis() / 3);
    this.refresh = refresh;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs the first refresh one period from now, then every period. */
  public void start() {
    thread.scheduleAtFixedRate(this::run, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void run() {
    try {
      refresh.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed", name, e);
    }
  }
}
