package dev.parley.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders shared by every session of a chat run. Latencies are recorded in
 * microseconds (up to 60 s) by wait-free {@link Recorder}s; {@link #resetLatencies()} drops the
 * warm-up.
 */
final class ChatMetrics {
  private static final long MAX_MICROS = 60_000_000L;
  private final Recorder endToEnd = new Recorder(MAX_MICROS, 3);
  private final Recorder sentAck = new Recorder(MAX_MICROS, 3);
  private final Recorder receiptRoundTrip = new Recorder(MAX_MICROS, 3);
  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder receiptEvents = new LongAdder();
  final LongAdder errors = new LongAdder();

  /** Sends the server answered with rate_limited/overloaded, sent again after its retryAfterMs. */
  final LongAdder retried = new LongAdder();

  /** Sends that got no answer at all within 3 s and were sent again (same id). */
  final LongAdder unanswered = new LongAdder();

  /**
   * Receipts the server answered with rate_limited/overloaded (not re-sent: the next one covers
   * them).
   */
  final LongAdder rateLimited = new LongAdder();

  final LongAdder unexpectedCloses = new LongAdder();
  volatile String lastError = "";

  void endToEnd(long nanos) {
    endToEnd.recordValue(micros(nanos));
  }

  void sentAck(long nanos) {
    sentAck.recordValue(micros(nanos));
  }

  void receiptRoundTrip(long nanos) {
    receiptRoundTrip.recordValue(micros(nanos));
  }

  void error(String description) {
    errors.increment();
    lastError = description;
  }

  void resetLatencies() {
    endToEnd.getIntervalHistogram();
    sentAck.getIntervalHistogram();
    receiptRoundTrip.getIntervalHistogram();
  }

  Histogram[] takeLatencies() {
    return new Histogram[] {
      endToEnd.getIntervalHistogram(),
      sentAck.getIntervalHistogram(),
      receiptRoundTrip.getIntervalHistogram()
    };
  }

  private static long micros(long nanos) {
    return Math.max(0, Math.min(MAX_MICROS, nanos / 1000));
  }
}
