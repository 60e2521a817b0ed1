package dev.parley.cluster.kafka;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the sequencer consumed and published, so the cost per message is a ratio of counters: {@code
 * parley.sequencer.commands{type}} (send, receipt, group) and {@code
 * parley.sequencer.records{kind}} (feed records committed: message, receipt, group_receipt; a group
 * message counts once per feed partition it is addressed to), and {@code
 * parley.sequencer.key.lookups{answered}} (a send's idempotency key answered from memory or read
 * from storage).
 */
final class BatchCounts {
  private final Counter sends;
  private final Counter receipts;
  private final Counter groups;
  private final Counter messageRecords;
  private final Counter receiptRecords;
  private final Counter tickRecords;
  private final Counter keysFromMemory;
  private final Counter keysFromStorage;
  private final Counter keysReadBack;

  BatchCounts(MeterRegistry meters) {
    sends = command(meters, "send");
    receipts = command(meters, "receipt");
    groups = command(meters, "group");
    messageRecords = record(meters, "message");
    receiptRecords = record(meters, "receipt");
    tickRecords = record(meters, "group_receipt");
    keysFromMemory = keyLookup(meters, "memory");
    keysFromStorage = keyLookup(meters, "storage");
    keysReadBack = keyLookup(meters, "recent");
  }

  private static Counter keyLookup(MeterRegistry meters, String answered) {
    return Counter.builder("parley.sequencer.key.lookups")
        .tag("answered", answered)
        .description(
            "idempotency keys of sends: answered from memory, from memory after reading the conversation's newest keys, or read from storage")
        .register(meters);
  }

  /**
   * A send's key: answered from memory, from memory once its conversation's newest keys were read
   * for it ({@code readBack}), or read from storage alone.
   */
  void keyLookup(boolean fromMemory, boolean readBack) {
    (fromMemory ? (readBack ? keysReadBack : keysFromMemory) : keysFromStorage).increment();
  }

  private static Counter command(MeterRegistry meters, String type) {
    return Counter.builder("parley.sequencer.commands")
        .tag("type", type)
        .description("commands consumed by the sequencer")
        .register(meters);
  }

  private static Counter record(MeterRegistry meters, String kind) {
    return Counter.builder("parley.sequencer.records")
        .tag("kind", kind)
        .description("feed records the sequencer committed")
        .register(meters);
  }

  void consumed(Command command) {
    if (command instanceof Command.Send) {
      sends.increment();
    } else if (command instanceof Command.Receipt) {
      receipts.increment();
    } else {
      groups.increment();
    }
  }

  /** After the batch's transaction committed. */
  void published(BatchOutput out) {
    for (BatchOutput.UserRecord r : out.feed) {
      published(r.record().event());
    }
    for (BatchOutput.StreamRecord r : out.streams) {
      published(r.record().event());
    }
  }

  private void published(ConversationEvent event) {
    if (event instanceof ReceiptMoved) {
      receiptRecords.increment();
    } else if (event instanceof GroupTicks) {
      tickRecords.increment();
    } else {
      messageRecords.increment();
    }
  }
}
