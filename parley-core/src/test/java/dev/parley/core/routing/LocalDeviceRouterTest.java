package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.Committed;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.core.testing.RecordingSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the embedded router does beyond the contract: one shared batch for a group's members. */
class LocalDeviceRouterTest {
  private final LocalDeviceRouter router = new LocalDeviceRouter();
  private final MemoryFeedStore feeds = new MemoryFeedStore();

  @Test
  void sessionsOwedTheSameEventsPushTheSameBatchInstance() {
    RecordingSession bob = attach("bob", "bob-phone");
    RecordingSession carol = attach("carol", "carol-phone");
    RecordingSession annLaptop = attach("ann", "ann-laptop");
    StoredMessage m = new StoredMessage("g.1", 1, "m1", "ann", "ann-phone", 1, "hi");

    router.committed(List.of(new Committed(1, m, List.of("ann", "bob", "carol"), "ann-phone")));

    await().until(() -> bob.batches().size() == 1 && carol.batches().size() == 1);
    await().until(() -> annLaptop.batches().size() == 1);
    FeedBatch shared = bob.batches().get(0);
    assertThat(shared.events()).containsExactly(m);
    assertThat(carol.batches().get(0)).isSameAs(shared);
    assertThat(annLaptop.batches().get(0)).isSameAs(shared);
  }

  private RecordingSession attach(String user, String device) {
    RecordingSession session = new RecordingSession(user, device);
    SessionFeed feed =
        new SessionFeed(
            session,
            feeds,
            new FeedCursor(MemoryFeedStore.EPOCH),
            Runnable::run,
            100,
            10_000,
            ParleyMetrics.inMemory());
    router.attach(feed);
    feed.sync(null);
    await().until(session::synced);
    return session;
  }
}
