package dev.parley.acceptance.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.messaging.RateLimits;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A stranger cannot watch someone's presence, nor look handles up fast. */
class StrangersTest {
  private static final String PASSWORD = "violet-harbour-71";

  @Test
  void openingAChatIsNotEnoughToWatchSomeone() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", PASSWORD, "phone");
      TestDevice bob = server.register("bob", PASSWORD, "phone");
      TestDevice mallory = server.register("mallory", PASSWORD, "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        a.sendMessage(a.opened("bob"), "hi bob");
      }
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket m = TestSocket.connectAndSync(server, mallory, null)) {
        String conv = m.opened("alice");
        assertThat(presence(m, alice)).isEmpty();
        assertThat(presence(b, alice))
            .extracting(PresenceInfo::userId)
            .containsExactly(alice.userId());

        // Alice comes and goes; bob (who shares a conversation) hears both...
        try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
          awaitPush(b, alice, true);
        }
        awaitPush(b, alice, false);
        // ...and mallory, who asked to watch her too, nothing: the pushes went out together, and
        // anything queued to mallory arrives before this pong.
        m.request(new ClientFrame.Ping("after"));
        assertThat(pushes(m, alice)).isEmpty();

        // A message makes it a shared conversation (the documented rule): now presence flows.
        m.sendMessage(conv, "hello, stranger");
        assertThat(presence(m, alice))
            .extracting(PresenceInfo::userId)
            .containsExactly(alice.userId());
      }
    }
  }

  private static List<PresenceInfo> presence(TestSocket s, TestDevice of) {
    return ((ServerFrame.Presence)
            s.request(new ClientFrame.Presence(s.nextRef(), List.of(of.userId()))))
        .users();
  }

  private static void awaitPush(TestSocket s, TestDevice of, boolean online) {
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () -> {
              List<PresenceInfo> p = pushes(s, of);
              return !p.isEmpty() && p.get(p.size() - 1).online() == online;
            });
  }

  private static List<PresenceInfo> pushes(TestSocket s, TestDevice of) {
    return s.frames().stream()
        .filter(f -> f instanceof ServerFrame.Presence p && p.ref() == null)
        .flatMap(f -> ((ServerFrame.Presence) f).users().stream())
        .filter(u -> u.userId().equals(of.userId()))
        .toList();
  }

  @Test
  void openIsRateLimitedPerDevice() {
    RateLimits limits = RateLimits.UNLIMITED.withOpens(1, 5);
    try (TestServer server = TestServer.start(c -> c.toBuilder().rateLimits(limits).build())) {
      TestDevice mallory = server.register("mallory", PASSWORD, "phone");
      try (TestSocket m = TestSocket.connect(server, mallory)) {
        for (int i = 0; i < 30; i++) {
          m.send(new ClientFrame.Open("o" + i, "user" + i));
        }
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> m.errors().size() == 30);
        long limited = m.errors().stream().filter(e -> e.code().equals("rate_limited")).count();
        assertThat(limited).isGreaterThanOrEqualTo(20);
        assertThat(m.errors())
            .filteredOn(e -> e.code().equals("rate_limited"))
            .allSatisfy(e -> assertThat(e.retryAfterMs()).isPositive());
        assertThat(m.errors())
            .extracting(ServerFrame.Error::code)
            .containsOnly("rate_limited", "unknown_user");
      }
    }
  }
}
