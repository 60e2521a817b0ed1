package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
}
