package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.cassandra.MessageKey;
import dev.parley.cluster.cassandra.StoredKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentKeysTest {
  @Test
  void answersForKeysItHoldsAndForClaimsAboveWhereItIsComplete() {
    RecentKeys keys = new RecentKeys(10);
    UUID id = UUID.randomUUID();
    keys.stored("aaaa", id, new StoredKey(11, 1, 100));

    assertThat(keys.answers("aaaa", id, null)).isTrue();
    assertThat(keys.get("aaaa", id)).contains(new StoredKey(11, 1, 100));
    // Not held: only a claim at or above the seq it was loaded at lets it say "never stored".
    UUID other = UUID.randomUUID();
    assertThat(keys.answers("aaaa", other, null)).isFalse();
    assertThat(keys.answers("aaaa", other, 9L)).isFalse();
    assertThat(keys.answers("aaaa", other, 10L)).isTrue();
    assertThat(keys.get("aaaa", other)).isEmpty();
    // The same id from another sender is another key.
    assertThat(keys.answers("bbbb", id, null)).isFalse();
    assertThat(keys.get("bbbb", id)).isEmpty();
  }

  @Test
  void forgettingTheOldestKeysRaisesTheSeqClaimsMustBeAt() {
    RecentKeys keys = new RecentKeys(0);
    List<UUID> ids = new ArrayList<>();
    for (int seq = 1; seq <= RecentKeys.CAPACITY + 5; seq++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      keys.stored("aaaa", id, new StoredKey(seq, seq, seq));
    }

    // Keys of seqs 1..5 are gone: a claim below 5 cannot be answered, nor those keys.
    assertThat(keys.answers("aaaa", ids.get(0), 0L)).isFalse();
    assertThat(keys.answers("aaaa", ids.get(4), 4L)).isFalse();
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 4L)).isFalse();
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 5L)).isTrue();
    assertThat(keys.answers("aaaa", ids.get(5), null)).isTrue();
    assertThat(keys.get("aaaa", ids.get(5))).contains(new StoredKey(6, 6, 6));
  }

  @Test
  void anIdReusedByAnotherSenderStopsItVouchingForEarlierSeqs() {
    RecentKeys keys = new RecentKeys(0);
    UUID id = UUID.randomUUID();
    keys.stored("aaaa", id, new StoredKey(1, 1, 1));
    keys.stored("aaaa", UUID.randomUUID(), new StoredKey(2, 2, 2));
    keys.stored("bbbb", id, new StoredKey(3, 3, 3));

    assertThat(keys.get("aaaa", id)).contains(new StoredKey(1, 1, 1));
    // bbbb's key is not held, and no claim below seq 3 can be answered any more.
    assertThat(keys.answers("bbbb", id, 0L)).isFalse();
    assertThat(keys.answers("cccc", UUID.randomUUID(), 2L)).isFalse();
    assertThat(keys.answers("cccc", UUID.randomUUID(), 3L)).isTrue();
    // The same key again (a replay) changes nothing.
    keys.stored("aaaa", id, new StoredKey(1, 1, 1));
    assertThat(keys.answers("cccc", UUID.randomUUID(), 3L)).isTrue();
  }

  @Test
  void keysReadBackLetItAnswerForOlderClaims() {
    RecentKeys keys = new RecentKeys(10); // loaded at seq 10
    UUID newer = UUID.randomUUID();
    keys.stored("aaaa", newer, new StoredKey(11, 11, 110));
    UUID eight = UUID.randomUUID();
    UUID nine = UUID.randomUUID();
    UUID ten = UUID.randomUUID();

    keys.backfill(
        7,
        List.of(
            new MessageKey("aaaa", eight, new StoredKey(8, 8, 80)),
            new MessageKey("bbbb", nine, new StoredKey(9, 9, 90)),
            new MessageKey("aaaa", ten, new StoredKey(10, 10, 100))));

    assertThat(keys.completeAbove()).isEqualTo(7);
    assertThat(keys.get("bbbb", nine)).contains(new StoredKey(9, 9, 90));
    assertThat(keys.get("aaaa", newer)).contains(new StoredKey(11, 11, 110));
    // A retry claiming seq 7 of a message never stored: the set now says so without a read.
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 7L)).isTrue();
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 6L)).isFalse();
    // Stored after the read back, in order, as before.
    UUID twelve = UUID.randomUUID();
    keys.stored("aaaa", twelve, new StoredKey(12, 12, 120));
    assertThat(keys.get("aaaa", twelve)).contains(new StoredKey(12, 12, 120));
  }

  @Test
  void keysReadBackBeyondItsCapacityLeaveTheOldestOut() {
    RecentKeys keys = new RecentKeys(RecentKeys.CAPACITY + 2);
    List<MessageKey> older = new ArrayList<>();
    for (int seq = 1; seq <= RecentKeys.CAPACITY + 2; seq++) {
      older.add(new MessageKey("aaaa", UUID.randomUUID(), new StoredKey(seq, seq, seq)));
    }

    keys.backfill(0, older);

    // Seqs 1 and 2 made way: claims below 2 still need a read.
    assertThat(keys.completeAbove()).isEqualTo(2);
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 1L)).isFalse();
    assertThat(keys.answers("aaaa", UUID.randomUUID(), 2L)).isTrue();
    assertThat(keys.get("aaaa", older.get(2).id())).contains(new StoredKey(3, 3, 3));
  }

  @Test
  void anIdReusedInTheKeysReadBackStopsItVouchingAsWhenStored() {
    RecentKeys keys = new RecentKeys(3);
    UUID id = UUID.randomUUID();

    keys.backfill(
        0,
        List.of(
            new MessageKey("aaaa", id, new StoredKey(1, 1, 1)),
            new MessageKey("aaaa", UUID.randomUUID(), new StoredKey(2, 2, 2)),
            new MessageKey("bbbb", id, new StoredKey(3, 3, 3))));

    assertThat(keys.answers("bbbb", id, 0L)).isFalse();
    assertThat(keys.completeAbove()).isEqualTo(3);
  }
}
