package dev.parley.acceptance.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.messaging.RateLimits;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.Rate;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client flooding read frames (history, conversations, sync) gets {@code rate_limited} or {@code
 * overloaded} — never {@code internal} — and other users keep logging in and reading.
 */
class ReadFloodTest {
  private static final int FLOOD = 2_000;

  @Test
  void aHistoryFloodIsRateLimitedAndOthersStillGetIn() {
    // A short auth deadline: a victim whose token check waited behind the flood would be closed.
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .rateLimits(RateLimits.DEFAULTS)
                    .set(ServerOptions.AUTH_TIMEOUT, Duration.ofSeconds(3))
                    .build())) {
      TestDevice mallory = server.register("mallory", "violet-harbour-71", "phone");
      server.register("accomplice", "violet-harbour-71", "phone");
      TestDevice mallory2 = server.login("mallory", "violet-harbour-71", "laptop");
      try (TestSocket m1 = TestSocket.connectAndSync(server, mallory, null);
          TestSocket m2 = TestSocket.connect(server, mallory2)) {
        String conv = m1.opened("accomplice");
        for (int i = 0; i < 50; i++) {
          m1.send(new ClientFrame.Send("s" + i, UUID.randomUUID().toString(), conv, "m" + i));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> m1.count(ServerFrame.Sent.class) == 50);

        // Two devices of one attacker pipeline a flood of the largest history pages.
        for (int i = 0; i < FLOOD / 2; i++) {
          m1.send(new ClientFrame.History("a" + i, conv, null, 200));
          m2.send(new ClientFrame.History("b" + i, conv, null, 200));
        }

        // Meanwhile a victim registers, logs in, authenticates by first frame and reads.
        TestDevice victim = server.register("victim", "amber-lantern-42", "phone");
        try (TestSocket v = TestSocket.connectAnonymous(server)) {
          v.send(new ClientFrame.Auth(victim.token()));
          v.await(ServerFrame.Welcome.class, w -> true);
          assertThat(v.request(new ClientFrame.Conversations("c1", 20, null)))
              .isInstanceOf(ServerFrame.Conversations.class);
        }

        for (TestSocket s : List.of(m1, m2)) {
          Awaitility.await()
              .atMost(TestSocket.WAIT)
              .until(
                  () ->
                      s.frames().stream()
                              .filter(
                                  f ->
                                      f instanceof ServerFrame.History
                                          || f instanceof ServerFrame.Error)
                              .count()
                          >= FLOOD / 2);
          assertThat(s.errors())
              .isNotEmpty()
              .allSatisfy(
                  e -> {
                    assertThat(e.code()).isIn("rate_limited", "overloaded");
                    assertThat(e.retryAfterMs()).isPositive();
                  });
          // The burst is served, the rest is refused at once.
          assertThat(s.count(ServerFrame.History.class)).isLessThan(FLOOD / 4);
        }
      }
      assertThat(server.get("/metrics", null).body()).doesNotContain("reason=\"internal\"");
    }
  }

  @Test
  void aClientThatIgnoresRetryAfterIsClosedWithPolicyViolation() {
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .rateLimits(RateLimits.DEFAULTS.withReads(1, 5))
                    .set(ServerOptions.RATE_REFUSED_FRAMES, new Rate(1, 20))
                    .build())) {
      TestDevice mallory = server.register("mallory", "violet-harbour-71", "phone");
      try (TestSocket m = TestSocket.connectAndSync(server, mallory, null)) {
        try {
          for (int i = 0; i < 200; i++) {
            m.send(new ClientFrame.Conversations("c" + i, 20, null));
          }
        } catch (CompletionException closedMeanwhile) {
          // The server may close it before the last frames are out.
        }
        assertThat(m.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        // Within the budget each refusal was answered with its retry delay; past it, nothing.
        assertThat(m.errors())
            .hasSizeBetween(20, 199)
            .allSatisfy(e -> assertThat(e.code()).isEqualTo("rate_limited"));
      }
      assertThat(server.metrics()).contains("reason=\"too_many_refused_frames\"");
      // The device is not banned: a new connection is served (its read bucket is still empty, as
      // the device's buckets outlive connections, so it pings).
      try (TestSocket again = TestSocket.connect(server, mallory)) {
        assertThat(again.request(new ClientFrame.Ping("p"))).isInstanceOf(ServerFrame.Pong.class);
      }
    }
  }

  @Test
  void aConnectionCannotQueueMoreReadsThanItsBound() {
    RateLimits noBuckets = RateLimits.UNLIMITED.withMaxPendingReads(4);
    try (TestServer server = TestServer.start(c -> c.toBuilder().rateLimits(noBuckets).build())) {
      TestDevice mallory = server.register("mallory", "violet-harbour-71", "phone");
      server.register("accomplice", "violet-harbour-71", "phone");
      try (TestSocket m = TestSocket.connectAndSync(server, mallory, null)) {
        String conv = m.opened("accomplice");
        for (int i = 0; i < 100; i++) {
          m.send(
              new ClientFrame.Send("s" + i, UUID.randomUUID().toString(), conv, "x".repeat(200)));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> m.count(ServerFrame.Sent.class) == 100);
        int flood = 1_000;
        for (int i = 0; i < flood; i++) {
          m.send(new ClientFrame.History("h" + i, conv, null, 20));
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    m.isClosed()
                        || m.count(ServerFrame.History.class) + m.errors().size() == flood);
        assertThat(m.isClosed()).isFalse();
        assertThat(m.errors())
            .isNotEmpty()
            .allSatisfy(
                e -> {
                  assertThat(e.code()).isEqualTo("overloaded");
                  assertThat(e.retryAfterMs()).isPositive();
                });
        // Answers came back: the connection is still served once its reads are done.
        assertThat(m.request(new ClientFrame.History("after", conv, null, 10)))
            .isInstanceOf(ServerFrame.History.class);
      }
    }
  }

  @Test
  void reconnectingDoesNotRefillTheReadBucket() {
    RateLimits tight = RateLimits.UNLIMITED.withReads(1, 5);
    try (TestServer server = TestServer.start(c -> c.toBuilder().rateLimits(tight).build())) {
      TestDevice mallory = server.register("mallory", "violet-harbour-71", "phone");
      long start = System.nanoTime();
      int served = 0;
      for (int connection = 0; connection < 2; connection++) {
        try (TestSocket m = TestSocket.connect(server, mallory)) {
          for (int i = 0; i < 6; i++) {
            if (m.request(new ClientFrame.Conversations(m.nextRef(), 10, null))
                instanceof ServerFrame.Conversations) {
              served++;
            }
          }
        }
      }
      // One bucket for the device: a burst of 5, then 1 a second however often it reconnects (a
      // bucket per connection would have served 10 at once).
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(served)
          .isGreaterThanOrEqualTo(5)
          .isLessThanOrEqualTo(5 + (int) Math.ceil(seconds));
      assertThat(served).isLessThan(10);
    }
  }
}
