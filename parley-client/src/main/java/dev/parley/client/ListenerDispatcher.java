package dev.parley.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the application's listeners on one thread of their own, in event order, so a slow listener
 * never stalls the connection, and one that throws never stops the others.
 */
final class ListenerDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

  private final List<ParleyListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "parley-client-events");
            t.setDaemon(true);
            return t;
          });

  void add(ParleyListener listener) {
    listeners.add(listener);
  }

  void remove(ParleyListener listener) {
    listeners.remove(listener);
  }

  void emit(Consumer<ParleyListener> event) {
    try {
      thread.execute(
          () -> {
            for (ParleyListener listener : listeners) {
              try {
                event.accept(listener);
              } catch (RuntimeException e) {
                LOG.warn("a Parley listener threw", e);
              }
            }
          });
    } catch (RejectedExecutionException closed) {
      // The client is closed; nobody is listening any more.
    }
  }

  /** Delivers what is queued, then stops the thread. */
  void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
