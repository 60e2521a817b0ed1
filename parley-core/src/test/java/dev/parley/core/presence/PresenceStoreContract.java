package dev.parley.core.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.core.presence.PresenceStore.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The {@link PresenceStore} contract, sentence by sentence. Implementations extend it with a store
 * over fresh data per test; a store shared by several nodes also returns a {@link #secondNode}.
 */
public abstract class PresenceStoreContract {
  private static final int CONNECTIONS = 8;

  /** The store under test, over fresh data (the same instance for the whole test). */
  protected abstract PresenceStore store();

  /**
   * Another instance over the same data as {@link #store}, as a second node would hold; null (the
   * default) for a store that is not shared, which skips the tests across nodes.
   */
  protected PresenceStore secondNode() {
    return null;
  }

  @Test
  void theFirstConnectionReportsOnlineAndLaterOnesDoNot() {
    assertThat(store().connected("alice", "a1")).as("offline before").isTrue();
    assertThat(store().connected("alice", "a2")).isFalse();
    assertThat(store().connected("alice", "a3")).isFalse();
  }

  @Test
  void theLastDisconnectReportsOfflineAndEarlierOnesDoNot() {
    store().connected("alice", "a1");
    store().connected("alice", "a2");
    assertThat(store().disconnected("alice", "a1", 1_000)).as("a2 is still open").isFalse();
    assertThat(store().disconnected("alice", "a2", 2_000)).as("the last one").isTrue();
    assertThat(store().disconnected("alice", "a2", 3_000))
        .as("a repeated close is no transition")
        .isFalse();
  }

  @Test
  void aUserOfflineAgainComesOnlineAgain() {
    store().connected("alice", "a1");
    store().disconnected("alice", "a1", 1_000);
    assertThat(store().connected("alice", "a2")).isTrue();
    assertThat(store().disconnected("alice", "a2", 2_000)).isTrue();
  }

  @Test
  void aConnectionIdIsCountedOnceHoweverOftenItIsReported() {
    assertThat(store().connected("alice", "a1")).isTrue();
    assertThat(store().connected("alice", "a1")).isFalse();
    assertThat(store().connected("alice", "a1")).isFalse();
    assertThat(store().disconnected("alice", "a1", 1_000)).as("one close ends it").isTrue();
    assertThat(store().snapshot("alice").online()).isFalse();
  }

  @Test
  void closingAConnectionThatWasNeverOpenChangesNothing() {
    assertThat(store().disconnected("alice", "never", 1_000))
        .as("offline already: no transition")
        .isFalse();
    assertThat(store().snapshot("alice")).isEqualTo(new Snapshot(false, null));
    store().connected("alice", "a1");
    assertThat(store().disconnected("alice", "never", 2_000)).isFalse();
    assertThat(store().snapshot("alice").online()).isTrue();
  }

  @Test
  void aSnapshotShowsOnlineWhileAConnectionIsOpen() {
    store().connected("alice", "a1");
    store().connected("alice", "a2");
    store().disconnected("alice", "a1", 1_000);
    assertThat(store().snapshot("alice").online()).isTrue();
  }

  @Test
  void lastSeenIsTheTimeOfTheOfflineTransition() {
    store().connected("alice", "a1");
    store().connected("alice", "a2");
    store().disconnected("alice", "a1", 1_000);
    store().disconnected("alice", "a2", 2_000);
    assertThat(store().snapshot("alice")).isEqualTo(new Snapshot(false, 2_000L));
    store().disconnected("alice", "a2", 3_000);
    assertThat(store().snapshot("alice").lastSeen())
        .as("a repeated close moves nothing")
        .isEqualTo(2_000L);
  }

  @Test
  void aUserNeverSeenIsOfflineWithNoLastSeen() {
    assertThat(store().snapshot("nobody")).isEqualTo(new Snapshot(false, null));
  }

  @Test
  void usersAreIndependent() {
    assertThat(store().connected("alice", "c1")).isTrue();
    assertThat(store().connected("bob", "c1")).as("the same connection id, another user").isTrue();
    assertThat(store().disconnected("alice", "c1", 1_000)).isTrue();
    assertThat(store().snapshot("bob").online()).isTrue();
    assertThat(store().snapshot("alice")).isEqualTo(new Snapshot(false, 1_000L));
    assertThat(store().disconnected("bob", "c1", 2_000)).isTrue();
    assertThat(store().snapshot("alice").lastSeen()).isEqualTo(1_000L);
  }

  @Test
  void concurrentConnectionsReportEachTransitionOnce() throws Exception {
    assertEachTransitionReportedOnce(i -> store());
  }

  @Test
  void transitionsAreReportedOnceAcrossNodes() {
    PresenceStore other = requireSecondNode();
    assertThat(store().connected("alice", "a1")).isTrue();
    assertThat(other.connected("alice", "b1"))
        .as("online already, through the first node")
        .isFalse();
    assertThat(other.snapshot("alice").online()).isTrue();
    assertThat(store().disconnected("alice", "a1", 1_000)).isFalse();
    assertThat(other.disconnected("alice", "b1", 2_000)).isTrue();
    assertThat(store().snapshot("alice")).isEqualTo(new Snapshot(false, 2_000L));
    assertThat(store().connected("alice", "a2")).isTrue();
  }

  @Test
  void concurrentConnectionsOnTwoNodesReportEachTransitionOnce() throws Exception {
    PresenceStore other = requireSecondNode();
    assertEachTransitionReportedOnce(i -> i % 2 == 0 ? store() : other);
  }

  private PresenceStore requireSecondNode() {
    PresenceStore other = secondNode();
    assumeTrue(other != null, "the store is not shared by nodes");
    return other;
  }

  /**
   * Opens, then closes, {@link #CONNECTIONS} connections of one user all at once, through {@code
   * node(i)}.
   */
  private void assertEachTransitionReportedOnce(IntFunction<PresenceStore> node) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Callable<Boolean>> opens = new ArrayList<>();
      List<Callable<Boolean>> closes = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        PresenceStore store = node.apply(i);
        String connection = "c" + i;
        opens.add(() -> store.connected("alice", connection));
        closes.add(() -> store.disconnected("alice", connection, 1_000));
      }
      assertThat(trues(pool.invokeAll(opens))).as("online reported").isEqualTo(1);
      assertThat(store().snapshot("alice").online()).isTrue();
      assertThat(trues(pool.invokeAll(closes))).as("offline reported").isEqualTo(1);
      assertThat(store().snapshot("alice")).isEqualTo(new Snapshot(false, 1_000L));
    } finally {
      pool.shutdown();
    }
  }

  private static int trues(List<Future<Boolean>> results) throws Exception {
    int n = 0;
    for (Future<Boolean> f : results) {
      n += f.get() ? 1 : 0;
    }
    return n;
  }
}
