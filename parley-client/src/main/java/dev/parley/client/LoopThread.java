package dev.parley.client;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread ({@code parley-client-loop}) that runs all of a client's session state: the
 * connection ({@link ConnectionKeeper}), the outbox window, pending requests, read receipts, the
 * heartbeat clock. Confining that state to one thread is what lets none of it take locks; other
 * threads hand work in with {@link #post}, and timers fire here too. Listener calls run on another
 * thread ({@link ListenerDispatcher}), so a slow application never stalls this one.
 */
final class LoopThread {
  private static final Logger LOG = LoggerFactory.getLogger(LoopThread.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parley-client-loop");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code task} on the loop; silently dropped once the client is closed. */
  void post(Runnable task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException | Error e) {
              // The loop is a scheduled executor, which would swallow this silently.
              LOG.error("Parley client loop task failed", e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // Closed: nothing more happens.
    }
  }

  /** Posts {@code task} once, after {@code delayMillis}. */
  void schedule(Runnable task, long delayMillis) {
    executor.schedule(() -> post(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Posts {@code task} every {@code periodMillis}, the first time after one period. */
  void repeat(Runnable task, long periodMillis) {
    executor.scheduleWithFixedDelay(
        () -> post(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The thread's executor, for the outbox's retry timers (which must run on this thread too). */
  ScheduledExecutorService executor() {
    return executor;
  }

  /** Stops the thread: queued and scheduled tasks are dropped, the running one is interrupted. */
  void shutdown() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
