package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.messaging.RateLimits;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One device pipelining thousands of sends, without waiting for any answer, over conversations old
 * and brand new: each conversation stores them in the order the device sent them (docs/protocol.md,
 * "Sending", Order).
 */
class PipelinedOrderTest {
  private static final String PASSWORD = "violet-harbour-71";
  private static final int CONVERSATIONS = 40;
  private static final int PER_CONVERSATION = 50;

  @Test
  void pipelinedSendsAreStoredInFrameOrderPerConversation() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", PASSWORD, "phone");
      for (int p = 0; p < CONVERSATIONS; p++) {
        server.register("peer" + p, PASSWORD, "phone");
      }
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        List<String> convs = new ArrayList<>();
        for (int p = 0; p < CONVERSATIONS; p++) {
          convs.add(a.opened("peer" + p));
        }
        // A quarter of the conversations already have a message; the rest start with this burst.
        for (int p = 0; p < CONVERSATIONS; p += 4) {
          a.sendMessage(convs.get(p), "0");
        }
        int before = a.count(ServerFrame.Sent.class);
        // Round-robin over the conversations, so each one's sends are interleaved with the others'.
        for (int i = 1; i <= PER_CONVERSATION; i++) {
          for (int p = 0; p < CONVERSATIONS; p++) {
            a.send(
                new ClientFrame.Send(
                    "s" + p + "-" + i,
                    UUID.randomUUID().toString(),
                    convs.get(p),
                    Integer.toString(i)));
          }
        }
        int total = CONVERSATIONS * PER_CONVERSATION;
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(
                () ->
                    a.count(ServerFrame.Sent.class) - before + a.count(ServerFrame.Error.class)
                        >= total);
        assertThat(a.errors()).isEmpty();

        for (int p = 0; p < CONVERSATIONS; p++) {
          String conv = convs.get(p);
          ServerFrame.History page =
              (ServerFrame.History)
                  a.request(new ClientFrame.History("h" + p, conv, null, PER_CONVERSATION + 1));
          List<String> bodies =
              page.messages().stream()
                  .map(FeedEvent.Message::body)
                  .filter(b -> !"0".equals(b))
                  .toList();
          assertThat(bodies)
              .as("history of %s", conv)
              .containsExactlyElementsOf(
                  IntStream.rangeClosed(1, PER_CONVERSATION).mapToObj(Integer::toString).toList());
        }
      }
    }
  }

  @Test
  void aRefusedSendBlocksTheLaterOnesOfItsConversationUntilItIsSentAgainEvenAfterAReconnect() {
    RateLimits tight = new RateLimits(20, 5, 1_000, 1_000, 100, 100, 100, 100, 100, 100, 32);
    try (TestServer server =
        TestServer.start(config -> config.toBuilder().rateLimits(tight).build())) {
      TestDevice alice = server.register("alice", PASSWORD, "phone");
      server.register("bob", PASSWORD, "phone");
      int count = 40;
      Map<String, String> bodyById = new LinkedHashMap<>();
      for (int i = 1; i <= count; i++) {
        bodyById.put(UUID.randomUUID().toString(), Integer.toString(i));
      }
      List<String> ids = List.copyOf(bodyById.keySet());
      String conv;
      String refused;
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        conv = a.opened("bob");
        for (String id : ids) {
          a.send(new ClientFrame.Send(id, id, conv, bodyById.get(id)));
        }
        List<ServerFrame> answers = awaitAnswers(a, ids);
        int firstRefused = 0;
        while (answers.get(firstRefused) instanceof ServerFrame.Sent) {
          firstRefused++;
        }
        assertThat(firstRefused)
            .as("the burst is stored")
            .isGreaterThanOrEqualTo(5)
            .isLessThan(count);
        refused = ids.get(firstRefused);
        assertThat(answers.get(firstRefused))
            .isInstanceOfSatisfying(
                ServerFrame.Error.class, e -> assertThat(e.code()).isEqualTo("rate_limited"));
        // Everything behind the refused one is refused too, naming it, whatever tokens came back.
        assertThat(answers.subList(firstRefused + 1, count))
            .allSatisfy(
                f ->
                    assertThat(f)
                        .isInstanceOfSatisfying(
                            ServerFrame.Error.class,
                            e -> {
                              assertThat(e.code()).isEqualTo("out_of_order");
                              assertThat(e.first()).isEqualTo(refused);
                            }));
      }
      // The block is the device's: a new connection sending a later message is refused as well.
      try (TestSocket b = TestSocket.connectAndSync(server, alice, null)) {
        String later = ids.get(count - 1);
        ServerFrame answer =
            b.request(new ClientFrame.Send(later, later, conv, bodyById.get(later)));
        assertThat(answer)
            .isInstanceOfSatisfying(
                ServerFrame.Error.class,
                e -> {
                  assertThat(e.code()).isEqualTo("out_of_order");
                  assertThat(e.first()).isEqualTo(refused);
                });
        // A client that resends from the refused one, in order, gets everything stored in order.
        List<String> pending = ids.subList(ids.indexOf(refused), count);
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> resendRound(b, conv, pending, bodyById));
        ServerFrame.History page =
            (ServerFrame.History) b.request(new ClientFrame.History("h", conv, null, count + 10));
        assertThat(page.messages())
            .extracting(FeedEvent.Message::body)
            .containsExactlyElementsOf(
                IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList());
      }
    }
  }

  /**
   * Sends every still unsent message in order and waits for the answers; true once all are sent.
   */
  private static boolean resendRound(
      TestSocket s, String conv, List<String> pending, Map<String, String> bodyById) {
    List<String> unsent = new ArrayList<>();
    for (String id : pending) {
      boolean sent =
          s.frames().stream().anyMatch(f -> f instanceof ServerFrame.Sent x && x.id().equals(id));
      if (!sent) {
        unsent.add(id);
      }
    }
    if (unsent.isEmpty()) {
      return true;
    }
    int before = s.frames().size();
    String round = "r" + before + "-";
    for (String id : unsent) {
      s.send(new ClientFrame.Send(round + id, id, conv, bodyById.get(id)));
    }
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () ->
                s.frames().stream()
                        .filter(f -> f.ref() != null && f.ref().startsWith(round))
                        .count()
                    == unsent.size());
    return false;
  }

  /** The answer to each of {@code ids} (sent as their own ref), in the order of {@code ids}. */
  private static List<ServerFrame> awaitAnswers(TestSocket s, List<String> ids) {
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () ->
                s.frames().stream().filter(f -> f.ref() != null && ids.contains(f.ref())).count()
                    == ids.size());
    Map<String, ServerFrame> byRef = new LinkedHashMap<>();
    for (ServerFrame f : s.frames()) {
      if (f.ref() != null) {
        byRef.put(f.ref(), f);
      }
    }
    return ids.stream().map(byRef::get).toList();
  }
}
