package dev.parley.cluster.kafka;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Where a sequencer batch spends its time ({@code parley.sequencer.phase}: {@code read} = state and
 * keys from Cassandra, {@code write} = rows to Cassandra, {@code commit} = its records to Kafka
 * and, when the open transaction is due, the commit) and how many commands it carries ({@code
 * parley.sequencer.batch}); {@code parley.sequencer.transaction} is the commands per Kafka
 * transaction, which may span batches ({@link TransactionWindow}); {@code parley.sequencer.waited}
 * is how long a batch's oldest command sat in Kafka before the sequencer took it. A message's time
 * to {@code sent} is about one batch waited for plus its own.
 */
final class BatchPhases {
  private final Timer read;
  private final Timer write;
  private final Timer commit;
  private final DistributionSummary size;
  private final DistributionSummary transaction;
  private final Timer waited;

  BatchPhases(MeterRegistry meters) {
    read = timer(meters, "read");
    write = timer(meters, "write");
    commit = timer(meters, "commit");
    waited =
        Timer.builder("parley.sequencer.waited")
            .description("broker append to sequencer, oldest command of a batch")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    size =
        DistributionSummary.builder("parley.sequencer.batch")
            .description("commands per sequencer batch")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    transaction =
        DistributionSummary.builder("parley.sequencer.transaction")
            .description("commands per sequencer Kafka transaction")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
  }

  private static Timer timer(MeterRegistry meters, String phase) {
    return Timer.builder("parley.sequencer.phase")
        .tag("phase", phase)
        .description("time per sequencer batch phase")
        .publishPercentiles(0.5, 0.99)
        .register(meters);
  }

  /** How long the batch's oldest command waited since its broker append time (LogAppendTime). */
  void waited(long waitedMillis) {
    waited.record(waitedMillis, TimeUnit.MILLISECONDS);
  }

  void record(int commands, long start, long read, long written, long committed) {
    this.read.record(read - start, TimeUnit.NANOSECONDS);
    this.write.record(written - read, TimeUnit.NANOSECONDS);
    this.commit.record(committed - written, TimeUnit.NANOSECONDS);
    size.record(commands);
  }

  void transaction(int commands) {
    transaction.record(commands);
  }
}
