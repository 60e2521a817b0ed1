package dev.parley.cluster.kafka;

import dev.parley.core.log.LogUnavailableException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The gateway's way to the commands topic: callers (Netty event loops among them) only queue a
 * record; one thread of its own hands it to the Kafka producer, whose {@code send} blocks while the
 * topic's metadata is unknown (Kafka down, a partition leader moving after a broker or node died)
 * or its buffer is full. Bounded: when the queue is full the command is refused at once as
 * overloaded, and the client retries with the same id.
 *
 * <p>Order is kept: one queue, one thread, so commands reach the producer (and each partition) in
 * the order they were queued, as when the event loops called the producer themselves. A command
 * once queued is never skipped for a later one to pass: the producer's {@code send} that fails for
 * a reason that may pass (metadata not yet known, buffer still full) is tried again with the same
 * command, and the producer itself is configured never to give up a batch ({@link
 * KafkaConversationLog}). Failing one command while those queued behind it were written would store
 * a device's later message before its earlier one, which the client can only send again after them.
 * The caller's wait for an answer is bounded elsewhere (the reply timeout).
 */
final class CommandProducer implements AutoCloseable {
  /** Between attempts to hand a command the producer refused for a reason that may pass. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final Producer<String, byte[]> producer;
  private final BlockingQueue<Queued> queue;
  private final Thread thread;
  private volatile boolean running = true;

  CommandProducer(Producer<String, byte[]> producer, int capacity, String threadName) {
    this.producer = producer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code record}; the future completes once Kafka has it (acks=all), or fails. */
  CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
    Queued q = new Queued(record, new CompletableFuture<>());
    if (!running || !queue.offer(q)) {
      q.acked.completeExceptionally(
          new LogUnavailableException(
              "too many commands waiting for Kafka; retry later", true, null));
    }
    return q.acked;
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Queued q;
      try {
        q = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (q != null) {
        hand(q);
      }
    }
    failQueued();
  }

  private void hand(Queued q) {
    while (true) {
      RuntimeException refused = trySend(q);
      if (refused == null) {
        return;
      }
      if (!(refused instanceof RetriableException) || !running || !pause(RETRY_PAUSE)) {
        // Not going to pass (the producer is closed or broken for good: whatever follows fails
        // the same way), or the node is stopping.
        q.acked.completeExceptionally(unavailable(refused));
        return;
      }
    }
  }

  /**
   * Null once the producer has the record (its acknowledgement completes {@code q} later), else why
   * it refused it at once. The producer reports most refusals through the callback, on the calling
   * thread, before {@code send} returns (a topic's metadata not known in time, its buffer full);
   * the acknowledgement and a batch's failure come on its own network thread.
   */
  private RuntimeException trySend(Queued q) {
    RuntimeException[] atOnce = new RuntimeException[1];
    try {
      producer.send(
          q.record,
          (meta, e) -> {
            if (e != null && Thread.currentThread() == thread) {
              atOnce[0] = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            } else if (e != null) {
              q.acked.completeExceptionally(unavailable(e));
            } else {
              q.acked.complete(null);
            }
          });
    } catch (RuntimeException e) {
      return e;
    }
    return atOnce[0];
  }

  private static boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void failQueued() {
    for (Queued q; (q = queue.poll()) != null; ) {
      q.acked.completeExceptionally(
          new LogUnavailableException("node is shutting down", true, null));
    }
  }

  private static LogUnavailableException unavailable(Exception e) {
    return new LogUnavailableException(
        "Kafka did not take the command: " + e.getMessage(), true, e);
  }

  /** Hands over what is queued (waiting at most {@code wait}), then closes the producer. */
  void close(Duration wait) {
    running = false;
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
    producer.close(wait);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private record Queued(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acked) {}
}
