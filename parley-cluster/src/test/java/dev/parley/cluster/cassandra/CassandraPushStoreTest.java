package dev.parley.cluster.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.FeedPartitions;
import dev.parley.core.push.PushStore;
import dev.parley.core.push.PushStoreContract;
import dev.parley.core.push.PushTarget;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CassandraPushStoreTest extends PushStoreContract {
  private static final FeedPartitions PARTITIONS = new FeedPartitions(6);
  private static final Set<Integer> ALL =
      IntStream.range(0, PARTITIONS.count()).boxed().collect(Collectors.toSet());
  private static TestKeyspace keyspace;
  private volatile Set<Integer> served = ALL;
  private final List<String> changed = new CopyOnWriteArrayList<>();
  private CassandraPushStore store;

  @BeforeAll
  static void createKeyspace() {
    keyspace = TestKeyspace.create();
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  @BeforeEach
  void emptyTables() {
    keyspace.truncate(List.of("push_targets", "push_mutes", "push_queue"));
    reopen();
  }

  @Override
  protected PushStore store() {
    return store;
  }

  @Override
  protected void reopen() {
    store = new CassandraPushStore(keyspace.session(), keyspace.name(), PARTITIONS, () -> served);
    store.onChanged(changed::add);
  }

  @Test
  void aNodeLoadsTheUsersOfTheFeedPartitionsItServesAndHearsOfEveryChange() {
    String u1 = "u1";
    String other =
        IntStream.range(2, 1000)
            .mapToObj(i -> "u" + i)
            .filter(u -> PARTITIONS.of(u) != PARTITIONS.of(u1))
            .findFirst()
            .orElseThrow();
    store.saveTarget(new PushTarget(u1, "phone", "dev", "k1", 1));
    store.saveTarget(new PushTarget(other, "phone", "dev", "k2", 1));
    store.saveMute(new PushStore.Mute(other, "d.x.y", 9));
    store.removeMute(other, "d.x.y");
    assertThat(changed).containsExactly(u1, other, other, other);

    served = Set.of(PARTITIONS.of(u1));
    assertThat(store.targets()).extracting(PushTarget::userId).containsExactly(u1);
    // What a user asks about their own registrations is answered whoever serves them.
    assertThat(store.targets(other)).extracting(PushTarget::key).containsExactly("k2");
  }
}
