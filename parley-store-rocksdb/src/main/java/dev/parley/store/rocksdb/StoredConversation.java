package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * A conversation as stored: its record and each member's receipt position under its own key, read
 * with one multi-get (one consistent view).
 *
 * @param positionsInside the record is v1/v2 and still holds positions: they must be written under
 *     their own keys before a v3 record replaces it
 */
record StoredConversation(ConversationState state, boolean positionsInside) {

  /** The stored conversation, or null when it has no record yet. */
  static StoredConversation read(RocksStore store, ConversationId id) throws RocksDBException {
    List<String> members = id.members();
    List<byte[]> keys = new ArrayList<>(members.size() + 1);
    keys.add(Bytes.utf8(id.value()));
    for (String member : members) {
      keys.add(Records.receiptKey(id.value(), member));
    }
    List<ColumnFamilyHandle> families = Collections.nCopies(keys.size(), store.conversations);
    List<byte[]> values = store.db().multiGetAsList(families, keys);
    byte[] record = values.get(0);
    if (record == null) {
      return null;
    }
    ConversationState fromRecord = Records.conversation(id, record);
    Map<String, ReceiptPosition> positions = new HashMap<>();
    for (int i = 0; i < members.size(); i++) {
      ReceiptPosition p = fromRecord.position(members.get(i));
      byte[] own = values.get(i + 1);
      if (own != null) {
        // Positions only move forward, so the larger of the two is the newer one.
        ReceiptPosition o = Records.receipt(own);
        p = p.advance(o.delivered(), o.read());
      }
      positions.put(members.get(i), p);
    }
    ConversationState state =
        new ConversationState(
            id, fromRecord.lastSeq(), fromRecord.lastTs(), fromRecord.lastActivity(), positions);
    return new StoredConversation(state, Records.hasPositionsInside(record));
  }
}
