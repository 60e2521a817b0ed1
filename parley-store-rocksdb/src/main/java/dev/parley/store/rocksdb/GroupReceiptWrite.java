package dev.parley.store.rocksdb;

import dev.parley.core.event.GroupTicks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A group's new group-wide receipt positions: the header row, and one {@code group_receipt} event
 * to the senders of the messages they newly cover (nobody else needs them: in a big group, sending
 * every member's receipt to every member is members² traffic). While queued, a newer aggregate
 * merges into it (like {@link ReceiptWrite}, up to the group's last seq when it was queued), so a
 * burst of receipts costs one write and one event per group commit.
 */
final class GroupReceiptWrite implements PendingWrite {
  private final RocksStore store;
  private final String conv;
  private final long ceiling;
  private final Set<String> senders = new LinkedHashSet<>();
  private byte[] header;
  private long delivered;
  private long read;
  private boolean taken;

  GroupReceiptWrite(
      RocksStore store,
      String conv,
      long ceiling,
      byte[] header,
      long delivered,
      long read,
      List<String> senders) {
    this.store = store;
    this.conv = conv;
    this.ceiling = ceiling;
    this.header = header;
    this.delivered = delivered;
    this.read = read;
    this.senders.addAll(senders);
  }

  /** Takes newer positions and their senders in; false when it is too late or too far. */
  synchronized boolean merge(byte[] newHeader, long newDelivered, long newRead, List<String> more) {
    if (taken || newDelivered > ceiling) {
      return false;
    }
    header = newHeader;
    delivered = newDelivered;
    read = newRead;
    senders.addAll(more);
    return true;
  }

  @Override
  public List<Event> writeTo(WriteBatch batch) throws RocksDBException {
    byte[] h;
    GroupTicks event;
    List<String> audience;
    synchronized (this) {
      taken = true;
      h = header;
      event = new GroupTicks(conv, delivered, read);
      audience = new ArrayList<>(senders);
    }
    batch.put(store.groups, Bytes.utf8(conv), h);
    if (audience.isEmpty()) {
      return List.of();
    }
    return List.of(new Event(event, Records.feedGroupReceipt(event), audience, null));
  }

  @Override
  public void committed() {}

  @Override
  public void failed(Throwable cause) {}
}
