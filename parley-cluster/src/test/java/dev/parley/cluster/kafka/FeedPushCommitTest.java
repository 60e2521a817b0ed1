package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.Committed;
import dev.parley.core.log.NewMessage;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A feed writer that dies with pushes still queued in its node: the successor pushes them again,
 * because their offsets were never committed, and does not push again what had left.
 */
class FeedPushCommitTest {
  private static final List<String> USERS = List.of("aaaa", "bbbb");

  // Offsets committed after every batch: without the wait for the pushes, the stuck batch's
  // offsets would be committed at once.
  private final KafkaLogFixture fixture = new KafkaLogFixture(USERS, Duration.ZERO, Duration.ZERO);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aSuccessorPushesAgainWhatHadNotLeftAndNotWhatHad() throws Exception {
    ConversationId conv = ConversationId.direct("aaaa", "bbbb");
    NewMessage pushed = new NewMessage(conv, "aaaa", "dev", UUID.randomUUID(), "left");
    NewMessage stuck = new NewMessage(conv, "aaaa", "dev", UUID.randomUUID(), "stuck");

    Queue<Committed> first = new ConcurrentLinkedQueue<>();
    KafkaConversationLog log = fixture.open();
    log.setFeedListener(
        batch -> {
          first.addAll(batch);
          boolean holdsStuck = batch.stream().anyMatch(c -> is(c, stuck));
          // Redis never answers the stuck message's publishes.
          return holdsStuck ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        });
    log.start();
    log.append(pushed).get(60, TimeUnit.SECONDS);
    awaitBothFeeds(first, pushed);
    log.append(stuck).get(60, TimeUnit.SECONDS);
    awaitBothFeeds(first, stuck);
    log.close();

    Queue<Committed> second = new ConcurrentLinkedQueue<>();
    KafkaConversationLog successor = fixture.open();
    successor.setFeedListener(
        batch -> {
          second.addAll(batch);
          return CompletableFuture.completedFuture(null);
        });
    successor.start();
    awaitBothFeeds(second, stuck);
    // Each user's feed events come in position order, and the pushed message came before.
    assertThat(second).noneMatch(c -> is(c, pushed));
  }

  private static void awaitBothFeeds(Queue<Committed> seen, NewMessage m) {
    Awaitility.await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () ->
                seen.stream()
                        .filter(c -> is(c, m))
                        .flatMap(c -> c.audience().stream())
                        .distinct()
                        .count()
                    == 2);
  }

  private static boolean is(Committed c, NewMessage m) {
    return c.event() instanceof StoredMessage s && s.id().equals(m.id().toString());
  }
}
