package dev.parley.acceptance.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.messaging.RateLimits;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A slow consumer is cut without losing anything; rate and connection limits answer clearly. */
class LimitsTest {

  @Test
  void slowConsumerIsCutOthersKeepGoingAndItCatchesUpFully() {
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .set(ServerOptions.MAX_OUTBOUND_BYTES, 256 * 1024)
                    // The bound is under test here, not the stall clock or the heartbeat
                    // (HostileClientsTest): on a busy machine the feed can take longer than their
                    // defaults to fill it.
                    .set(ServerOptions.STALL_MS, java.time.Duration.ofMinutes(10))
                    .set(ServerOptions.HEARTBEAT, java.time.Duration.ofMinutes(10))
                    .build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      String body = "x".repeat(8_000);
      int total = 1_500;
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket slow = TestSocket.connectAndSync(server, bob, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null)) {
        String ab = a.opened("bob");
        String ac = a.opened("carol");
        String cursor = slow.cursor();
        slow.pause();
        for (int i = 0; i < total; i++) {
          a.send(new ClientFrame.Send("s" + i, UUID.randomUUID().toString(), ab, body));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == total);
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> server.server().sessionCount() == 2);
        // Everyone else is served as before.
        a.sendMessage(ac, "still here?");
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> c.messages(ac).size() == 1);
        assertThat(server.metrics()).contains("reason=\"slow_consumer\"");
        slow.abort();

        try (TestSocket back = TestSocket.connect(server, bob)) {
          // 12 MB of catch-up, paced by the socket: allow for a machine busy with other work.
          back.sync(cursor, java.time.Duration.ofSeconds(60));
          List<FeedEvent.Message> got = back.messages(ab);
          assertThat(got)
              .extracting(FeedEvent.Message::seq)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        }
      }
    }
  }

  @Test
  void rateLimitsSaySlowDownAndWhenToRetry() {
    RateLimits tight = new RateLimits(5, 5, 100, 100, 2, 2);
    try (TestServer server = TestServer.start(c -> c.toBuilder().rateLimits(tight).build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        String conv = a.opened("bob");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          ids.add(UUID.randomUUID().toString());
          a.send(new ClientFrame.Send("r" + i, ids.get(i), conv, "m" + i));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) + a.errors().size() == 20);
        assertThat(a.count(ServerFrame.Sent.class)).isBetween(5, 19);
        ServerFrame.Error limited = a.errors().get(0);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.retryAfterMs()).isPositive();
        assertThat(limited.ref()).startsWith("r");
        String refused = ids.get(Integer.parseInt(limited.ref().substring(1)));
        // The sends behind the refused one wait for it: stored in order or not at all.
        assertThat(a.errors().subList(1, a.errors().size()))
            .allSatisfy(
                e -> {
                  assertThat(e.code()).isEqualTo("out_of_order");
                  assertThat(e.first()).isEqualTo(refused);
                });
        // Typing chatter has its own, smaller bucket.
        for (int i = 0; i < 5; i++) {
          a.send(new ClientFrame.Typing(conv, i % 2 == 0));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.errors().size() > 20 - a.count(ServerFrame.Sent.class));
        // Retrying the refused message after the advised delay works, and lifts the block.
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .pollInterval(java.time.Duration.ofMillis(250))
            .until(
                () -> {
                  a.send(new ClientFrame.Send("retry", refused, conv, "again"));
                  return a.frames().stream()
                      .anyMatch(f -> f instanceof ServerFrame.Sent s && s.id().equals(refused));
                });
      }
    }
  }

  @Test
  void connectionsPerUserAreLimited() {
    try (TestServer server =
        TestServer.start(
            c -> c.toBuilder().set(ServerOptions.MAX_CONNECTIONS_PER_USER, 2).build())) {
      TestDevice one = server.register("alice", "violet-harbour-71", "one");
      TestDevice two = server.login("alice", "violet-harbour-71", "two");
      TestDevice three = server.login("alice", "violet-harbour-71", "three");
      try (TestSocket s1 = TestSocket.connectAndSync(server, one, null);
          TestSocket s2 = TestSocket.connectAndSync(server, two, null);
          TestSocket s3 = TestSocket.connectAnonymous(server)) {
        s3.send(new ClientFrame.Auth(three.token()));
        assertThat(s3.awaitClose()).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
        assertThat(s1.request(new ClientFrame.Ping("p"))).isInstanceOf(ServerFrame.Pong.class);
        // A device reconnecting does not count twice.
        try (TestSocket again = TestSocket.connectAndSync(server, two, null)) {
          assertThat(s2.awaitClose()).isEqualTo(CloseCodes.REPLACED);
          assertThat(again.isClosed()).isFalse();
        }
      }
    }
  }
}
