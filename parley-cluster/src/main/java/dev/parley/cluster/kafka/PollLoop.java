package dev.parley.cluster.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop both consumers run on their own thread: poll, hand each non-empty batch over (and say
 * when a poll found nothing), and after a failed batch let the owner undo it, go back to the
 * committed offsets and back off before the batch comes again. It ends when {@code running} turns
 * false or the consumer is woken up.
 */
final class PollLoop {
  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long BACK_OFF_MS = 200;

  /** What a consumer does with a batch, and how it undoes one that failed. */
  interface Handler {
    void batch(ConsumerRecords<String, byte[]> records);

    /** How long the next poll may wait for records. */
    default Duration pollTimeout() {
      return POLL;
    }

    /** A poll found nothing: work that was waiting for a quiet moment or a deadline. */
    default void idle() {}

    /**
     * The batch failed; undo what must be undone so it can be consumed again (the loop then
     * rewinds).
     */
    void failed(RuntimeException cause);
  }

  private PollLoop() {}

  static void run(
      String name, Consumer<String, byte[]> consumer, BooleanSupplier running, Handler handler) {
    while (running.getAsBoolean()) {
      ConsumerRecords<String, byte[]> records;
      try {
        records = consumer.poll(handler.pollTimeout());
      } catch (WakeupException | InterruptException e) {
        return;
      }
      try {
        if (records.isEmpty()) {
          handler.idle();
        } else {
          handler.batch(records);
        }
      } catch (RuntimeException e) {
        if (!running.getAsBoolean()) {
          return;
        }
        try {
          handler.failed(e);
          Offsets.rewindToCommitted(consumer);
          Thread.sleep(BACK_OFF_MS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException recovery) {
          LOG.warn("{}: recovery after a failed batch failed; will retry", name, recovery);
        }
      }
    }
  }
}
