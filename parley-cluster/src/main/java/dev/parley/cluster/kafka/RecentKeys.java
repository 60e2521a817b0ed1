package dev.parley.cluster.kafka;

import dev.parley.cluster.cassandra.MessageKey;
import dev.parley.cluster.cassandra.StoredKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The idempotency keys of the last messages an owner stored in one conversation, so that most sends
 * need no Cassandra read to learn whether they were stored before. Every message stored with a seq
 * above {@code completeAbove} has its key here: the owner loaded the conversation at that seq and
 * has applied each command since, in offset order. A send whose client says any earlier copy would
 * be above {@code after} is answered from here when {@code after >= completeAbove}; older claims,
 * and sends without one, are looked up as before.
 *
 * <p>A ring of primitive columns rather than a map of objects: a sequencer caches up to {@code
 * --sequencer-cache} conversations, each with up to {@link #CAPACITY} keys.
 */
final class RecentKeys {
  /** Enough for a conversation's pipelined window (32 per device) twice over. */
  static final int CAPACITY = 64;

  private long[] idHigh = new long[4];
  private long[] idLow = new long[4];
  private long[] seqs = new long[4];
  private long[] times = new long[4];
  private long[] offsets = new long[4];
  private String[] senders = new String[4];

  /** Keys held; the oldest is at {@code start}. */
  private int size;

  private int start;
  private long completeAbove;

  RecentKeys(long lastSeqWhenLoaded) {
    this.completeAbove = lastSeqWhenLoaded;
  }

  /** A message this owner stored (or found stored, on a replay), in seq order. */
  void stored(String sender, UUID id, StoredKey key) {
    int held = indexOf(id);
    if (held >= 0) {
      if (!senders[held].equals(sender)) {
        // Another member reusing someone's id: a different key, which the ring cannot hold beside
        // the first. It stops vouching for every seq up to here instead.
        completeAbove = Math.max(completeAbove, Math.max(maxSeq(), key.seq()));
      }
      return; // else a replay of a key it holds
    }
    if (size == CAPACITY) {
      completeAbove = Math.max(completeAbove, seqs[start]);
      start = (start + 1) % CAPACITY;
      size--;
    } else if (size == seqs.length) {
      grow();
    }
    int slot = (start + size) % seqs.length;
    idHigh[slot] = id.getMostSignificantBits();
    idLow[slot] = id.getLeastSignificantBits();
    seqs[slot] = key.seq();
    times[slot] = key.ts();
    offsets[slot] = key.offset();
    senders[slot] = canonical(sender);
    size++;
  }

  /** Every message stored with a seq above this has its key here. */
  long completeAbove() {
    return completeAbove;
  }

  /**
   * Takes in the keys of every message with {@code fromSeq < seq <= completeAbove()}, read from
   * storage in seq order, so that this set answers for claims down to {@code fromSeq}, as far as
   * its capacity allows (the oldest keys make way as they do for new ones).
   */
  void backfill(long fromSeq, List<MessageKey> older) {
    List<MessageKey> all = new ArrayList<>(older.size() + size);
    all.addAll(older);
    for (int n = 0; n < size; n++) {
      int i = (start + n) % seqs.length;
      all.add(
          new MessageKey(
              senders[i],
              new UUID(idHigh[i], idLow[i]),
              new StoredKey(seqs[i], times[i], offsets[i])));
    }
    // A key held and read back is stored once (the same key again changes nothing); a key whose id
    // another member reused makes the set stop vouching up to there, as when it was stored.
    all.sort(Comparator.comparingLong(k -> k.key().seq()));
    RecentKeys merged = new RecentKeys(Math.min(fromSeq, completeAbove));
    for (MessageKey k : all) {
      merged.stored(k.sender(), k.id(), k.key());
    }
    idHigh = merged.idHigh;
    idLow = merged.idLow;
    seqs = merged.seqs;
    times = merged.times;
    offsets = merged.offsets;
    senders = merged.senders;
    size = merged.size;
    start = merged.start;
    completeAbove = merged.completeAbove;
  }

  /**
   * Whether this set answers for the key without a read: it holds the key, or the client's {@code
   * after} says an earlier copy would be above a seq from which on every key is here.
   */
  boolean answers(String sender, UUID id, Long after) {
    return get(sender, id).isPresent() || (after != null && after >= completeAbove);
  }

  /** The key as stored, when {@link #answers} said this set knows. */
  Optional<StoredKey> get(String sender, UUID id) {
    int i = indexOf(id);
    return i >= 0 && senders[i].equals(sender)
        ? Optional.of(new StoredKey(seqs[i], times[i], offsets[i]))
        : Optional.empty();
  }

  private int indexOf(UUID id) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    for (int n = 0; n < size; n++) {
      int i = (start + n) % seqs.length;
      if (idHigh[i] == high && idLow[i] == low) {
        return i;
      }
    }
    return -1;
  }

  private long maxSeq() {
    long max = 0;
    for (int n = 0; n < size; n++) {
      max = Math.max(max, seqs[(start + n) % seqs.length]);
    }
    return max;
  }

  /** The same string object for every key of one sender: a conversation has few senders. */
  private String canonical(String sender) {
    for (int n = 0; n < size; n++) {
      String s = senders[(start + n) % seqs.length];
      if (s.equals(sender)) {
        return s;
      }
    }
    return sender;
  }

  private void grow() {
    int capacity = Math.min(CAPACITY, seqs.length * 2);
    idHigh = unroll(idHigh, capacity);
    idLow = unroll(idLow, capacity);
    seqs = unroll(seqs, capacity);
    times = unroll(times, capacity);
    offsets = unroll(offsets, capacity);
    String[] s = new String[capacity];
    for (int n = 0; n < size; n++) {
      s[n] = senders[(start + n) % senders.length];
    }
    senders = s;
    start = 0;
  }

  private long[] unroll(long[] column, int capacity) {
    long[] out = new long[capacity];
    for (int n = 0; n < size; n++) {
      out[n] = column[(start + n) % column.length];
    }
    return out;
  }
}
