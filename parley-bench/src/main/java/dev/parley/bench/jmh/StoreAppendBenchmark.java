package dev.parley.bench.jmh;

import dev.parley.core.account.UserAccount;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.NewMessage;
import dev.parley.store.rocksdb.RocksStore;
import dev.parley.store.rocksdb.RocksStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable append on the real RocksDB store: one message awaited on its own (one group commit,
 * so about one fsync), and 1,000 in flight over 100 conversations (group commit shares the fsyncs).
 * Reported per message. {@code sync=false} shows what the fsync costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreAppendBenchmark {
  private static final int CONVERSATIONS = 100;
  private static final int IN_FLIGHT = 1_000;
  private static final String BODY = "x".repeat(100);

  @Param({"true", "false"})
  public boolean sync;

  private Path dir;
  private RocksStore store;
  private ConversationId[] conversations;
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("parley-jmh-store");
    // The server's default tuning (parley server --help: --store-*, --conversation-cache).
    RocksStoreOptions options =
        new RocksStoreOptions(sync, 0, 10_000, 2_000, 64L << 20, 50_000, GroupLimits.DEFAULTS);
    store = RocksStore.open(dir, options, Clock.systemUTC());
    store.log().setListener(batch -> {});
    conversations = new ConversationId[CONVERSATIONS];
    for (int i = 0; i < CONVERSATIONS; i++) {
      String a = "a" + i;
      String b = "b" + i;
      store.accountStore().createUser(new UserAccount(a, "ha" + i, "hash", 1));
      store.accountStore().createUser(new UserAccount(b, "hb" + i, "hash", 1));
      conversations[i] = ConversationId.direct(a, b);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public long appendOneAwaited() {
    return append().join().seq();
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public long appendThousandInFlight() {
    CompletableFuture<?>[] all = new CompletableFuture<?>[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      all[i] = append();
    }
    CompletableFuture.allOf(all).join();
    return all.length;
  }

  private CompletableFuture<AppendResult> append() {
    ConversationId conv = conversations[next++ % CONVERSATIONS];
    String sender = conv.members().get(0);
    return store
        .log()
        .append(new NewMessage(conv, sender, sender + "-dev", UUID.randomUUID(), BODY));
  }
}
