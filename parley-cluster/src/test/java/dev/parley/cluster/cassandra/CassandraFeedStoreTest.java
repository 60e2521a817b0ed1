package dev.parley.cluster.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.FeedPartitions;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraFeedStoreTest {
  private static TestKeyspace keyspace;
  private static CassandraFeedStore feed;

  @BeforeAll
  static void createKeyspace() {
    keyspace = TestKeyspace.create();
    feed = new CassandraFeedStore(keyspace.session(), keyspace.name(), new FeedPartitions(1));
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  @Test
  void eachUsersFeedReadsBackInPositionOrderWithItsHead() throws Exception {
    String a = TestSequencer.userId();
    String b = TestSequencer.userId();
    ConversationEvent message =
        new StoredMessage("d." + a + "." + b, 1, "id1", a, "phone", 1_000, "hello");
    ConversationEvent receipt = new ReceiptMoved("d." + a + "." + b, b, 1, 1);
    feed.append(
            Map.of(
                a,
                List.of(new FeedEntry(3, message), new FeedEntry(8, receipt)),
                b,
                List.of(new FeedEntry(4, message))))
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    feed.append(Map.of(a, List.of(new FeedEntry(11, message))))
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);

    assertThat(feed.read(a, 0, 10))
        .containsExactly(
            new FeedEntry(3, message), new FeedEntry(8, receipt), new FeedEntry(11, message));
    assertThat(feed.read(a, 3, 1)).containsExactly(new FeedEntry(8, receipt));
    assertThat(feed.read(a, 11, 10)).isEmpty();
    assertThat(feed.read(b, 0, 10)).containsExactly(new FeedEntry(4, message));
    assertThat(feed.head(a)).isEqualTo(11);
    assertThat(feed.head(b)).isEqualTo(4);
    assertThat(feed.head(TestSequencer.userId())).isZero();
    assertThat(feed.read(TestSequencer.userId(), 0, 10)).isEmpty();
  }

  @Test
  void aReaderSeesAUsersAppendWholeOrNotAtAll() throws Exception {
    String user = TestSequencer.userId();
    List<FeedEntry> entries = new ArrayList<>();
    for (long pos = 1; pos <= 300; pos++) {
      entries.add(new FeedEntry(pos, new ReceiptMoved("d.x.y", user, pos, 0)));
    }
    CompletableFuture<Void> appended = feed.append(Map.of(user, entries)).toCompletableFuture();
    List<Integer> seen = new ArrayList<>();
    while (!appended.isDone()) {
      seen.add(feed.read(user, 0, 1_000).size());
    }
    appended.get(30, TimeUnit.SECONDS);
    seen.add(feed.read(user, 0, 1_000).size());
    assertThat(seen).allMatch(size -> size == 0 || size == 300).last().isEqualTo(300);
  }

  @Test
  void theEpochIsEightHexCharactersAndStableAcrossInstancesAndSchemaRuns() {
    assertThat(feed.epoch()).matches("[0-9a-f]{8}");
    CassandraSchema.create(keyspace.session(), keyspace.name(), 1);
    assertThat(
            new CassandraFeedStore(keyspace.session(), keyspace.name(), new FeedPartitions(1))
                .epoch())
        .isEqualTo(feed.epoch());
    assertThat(CassandraSchema.epoch(keyspace.session(), keyspace.name())).isEqualTo(feed.epoch());
  }
}
