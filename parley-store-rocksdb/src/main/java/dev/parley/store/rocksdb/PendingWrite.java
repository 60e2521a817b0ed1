package dev.parley.store.rocksdb;

import dev.parley.core.event.ConversationEvent;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A write a sequencer queued for the group committer. The committer calls {@link #writeTo} once, on
 * its thread, then exactly one of {@link #committed} (after the batch is durable) or {@link
 * #failed}.
 */
interface PendingWrite {

  /**
   * Adds this write's operations to the batch and returns the feed events it produces (positions
   * are assigned at commit).
   */
  List<Event> writeTo(WriteBatch batch) throws RocksDBException;

  void committed();

  void failed(Throwable cause);

  @FunctionalInterface
  interface Ops {
    void apply(WriteBatch batch) throws RocksDBException;
  }

  /**
   * A feed event and its stored form. A 1:1 event is stored in each audience member's feed; a
   * group's event ({@code stream} set to the group) is stored once, in the group's stream, and its
   * audience only says whose connected devices get it live.
   */
  record Event(
      ConversationEvent event,
      byte[] feedValue,
      List<String> audience,
      String originDevice,
      String stream) {
    Event(ConversationEvent event, byte[] feedValue, List<String> audience, String originDevice) {
      this(event, feedValue, audience, originDevice, null);
    }
  }
}
