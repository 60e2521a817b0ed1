package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestServer;
import dev.parley.testing.proxy.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's promise under a hostile network: messages composed while both sender and recipient
 * keep losing their connections (reset, truncated mid-frame) arrive exactly once each and in order,
 * and every one ends {@code sent} at the sender.
 */
class OutboxAcrossConnectionCutsTest {
  private static final int MESSAGES = 1_000;
  private static final int BATCH = 100;

  @TempDir Path dir;

  @Test
  void thousandMessagesAcrossRepeatedCutsArriveOnceInOrder() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy senderLink = FaultProxy.start("127.0.0.1", server.httpUri().getPort());
        FaultProxy recipientLink = FaultProxy.start("127.0.0.1", server.httpUri().getPort());
        TwoClients chat =
            TwoClients.start(server, senderLink.httpUri(), recipientLink.httpUri(), dir)) {
      ParleyClient sender = chat.alice();
      ParleyClient recipient = chat.bob();
      RecordingListener bobEvents = chat.bobEvents();
      String conv = chat.conv();
      List<String> ids = new ArrayList<>();

      for (int batch = 0; batch < MESSAGES / BATCH; batch++) {
        for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
          ids.add(sender.send(conv, "m" + i).id());
        }
        // Cut while this batch is in flight: alternate plain resets and truncated frames, on both
        // sides.
        if (batch % 3 == 2) {
          senderLink.cutMidFrame();
        } else {
          senderLink.cutAll();
        }
        if (batch % 2 == 1) {
          recipientLink.cutAll();
        }
        int atLeast = batch * BATCH / 2;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> bobEvents.bodies(conv).size() >= atLeast);
      }

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> bobEvents.bodies(conv).size() >= MESSAGES && sender.pendingCount() == 0);

      List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).toList();
      assertThat(bobEvents.bodies(conv)).containsExactlyElementsOf(expected);
      List<Long> seqs = bobEvents.messages.stream().map(Message::seq).toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
      assertThat(ids)
          .allSatisfy(
              id ->
                  assertThat(sender.status(id))
                      .isPresent()
                      .get()
                      .isNotIn(MessageStatus.PENDING, MessageStatus.FAILED));
      assertThat(senderLink.acceptedCount())
          .as("the sender reconnected after cuts")
          .isGreaterThan(5);
      assertThat(recipientLink.acceptedCount())
          .as("the recipient reconnected after cuts")
          .isGreaterThan(2);
      // The server stored each message once: history holds exactly the thousand, in order.
      assertThat(historyBodies(recipient, conv)).containsExactlyElementsOf(expected);
    }
  }

  private static List<String> historyBodies(ParleyClient client, String conv) throws Exception {
    List<String> bodies = new ArrayList<>();
    String before = null;
    do {
      HistoryPage page = client.history(conv, before, 200).get(10, TimeUnit.SECONDS);
      List<String> pageBodies = page.messages().stream().map(Message::body).toList();
      bodies.addAll(0, pageBodies);
      before = page.next();
    } while (before != null);
    return bodies;
  }
}
