package dev.parley.acceptance.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Online, offline and last seen reach exactly the users entitled to them. */
class PresenceTest {

  @Test
  void transitionsReachPeersAndWatchersOnly() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice alice2 = server.login("alice", "password1", "laptop");
      TestDevice bob = server.register("bob", "password1", "phone");
      TestDevice carol = server.register("carol", "password1", "phone");
      TestDevice dave = server.register("dave", "password1", "phone");
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null);
          TestSocket d = TestSocket.connectAndSync(server, dave, null)) {
        try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
          a.sendMessage(a.opened("bob"), "hi");
        }
        // Bob shares a conversation with alice; dave watches her after opening a chat; carol does
        // neither.
        d.opened("alice");
        ServerFrame.Presence reply =
            (ServerFrame.Presence)
                d.request(new ClientFrame.Presence("p1", List.of(alice.userId(), carol.userId())));
        assertThat(reply.users()).extracting(PresenceInfo::userId).containsExactly(alice.userId());
        ServerFrame.Presence refused =
            (ServerFrame.Presence)
                c.request(new ClientFrame.Presence("p2", List.of(alice.userId())));
        assertThat(refused.users()).isEmpty();

        TestSocket a = TestSocket.connectAndSync(server, alice, null);
        TestSocket a2 = TestSocket.connectAndSync(server, alice2, null);
        awaitPresence(b, alice.userId(), true);
        awaitPresence(d, alice.userId(), true);
        a.close();
        // One device left, the other is still connected: alice stays online.
        a2.request(new ClientFrame.Ping("sync-point"));
        long before = System.currentTimeMillis();
        a2.close();
        PresenceInfo offline = awaitPresence(b, alice.userId(), false);
        assertThat(offline.lastSeen()).isNotNull().isGreaterThanOrEqualTo(before - 1_000);
        awaitPresence(d, alice.userId(), false);
        // Bob heard each change once: no repeats, ending with this offline.
        List<Boolean> heard = pushes(b, alice.userId()).stream().map(PresenceInfo::online).toList();
        for (int i = 1; i < heard.size(); i++) {
          assertThat(heard.get(i))
              .as("push %d repeats the previous state: %s", i, heard)
              .isNotEqualTo(heard.get(i - 1));
        }
        assertThat(c.frames())
            .noneMatch(f -> f instanceof ServerFrame.Presence p && p.ref() == null);

        ServerFrame.Presence now =
            (ServerFrame.Presence)
                b.request(new ClientFrame.Presence("p3", List.of(alice.userId())));
        assertThat(now.users()).containsExactly(offline);
      }
    }
  }

  @Test
  void hiddenLastSeenIsHonoured() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice bob = server.register("bob", "password1", "phone");
      assertThat(server.api().get("/v1/settings", alice.token()).body())
          .contains("\"hideLastSeen\":false");
      assertThat(
              server
                  .api()
                  .send("PUT", "/v1/settings", Map.of("hideLastSeen", true), alice.token())
                  .statusCode())
          .isEqualTo(200);
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
          a.sendMessage(a.opened("bob"), "hi");
          awaitPresence(b, alice.userId(), true);
        }
        PresenceInfo offline = awaitPresence(b, alice.userId(), false);
        assertThat(offline.lastSeen()).isNull();
        ServerFrame.Presence asked =
            (ServerFrame.Presence)
                b.request(new ClientFrame.Presence("p", List.of(alice.userId())));
        assertThat(asked.users()).containsExactly(new PresenceInfo(alice.userId(), false, null));
      }
    }
  }

  @Test
  void flappingIsCoalesced() {
    try (TestServer server =
        TestServer.start(
            c -> c.toBuilder().set(ServerOptions.PRESENCE_WINDOW, Duration.ofSeconds(2)).build())) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice bob = server.register("bob", "password1", "phone");
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
          a.sendMessage(a.opened("bob"), "hi");
        }
        awaitPresence(b, alice.userId(), false);
        int before = pushes(b, alice.userId()).size();
        // A phone switching networks: five reconnects in quick succession, ending online.
        TestSocket last = null;
        for (int i = 0; i < 5; i++) {
          if (last != null) {
            last.abort();
          }
          last = TestSocket.connectAndSync(server, alice, null);
        }
        awaitPresence(b, alice.userId(), true);
        last.request(new ClientFrame.Ping("settle"));
        List<PresenceInfo> seen =
            pushes(b, alice.userId()).subList(before, pushes(b, alice.userId()).size());
        assertThat(seen)
            .hasSizeLessThanOrEqualTo(2)
            .extracting(PresenceInfo::online)
            .endsWith(true);
        last.close();
      }
    }
  }

  static PresenceInfo awaitPresence(TestSocket s, String userId, boolean online) {
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () -> {
              List<PresenceInfo> p = pushes(s, userId);
              return !p.isEmpty() && p.get(p.size() - 1).online() == online;
            });
    List<PresenceInfo> p = pushes(s, userId);
    return p.get(p.size() - 1);
  }

  static List<PresenceInfo> pushes(TestSocket s, String userId) {
    return s.frames().stream()
        .filter(f -> f instanceof ServerFrame.Presence p && p.ref() == null)
        .flatMap(f -> ((ServerFrame.Presence) f).users().stream())
        .filter(p -> p.userId().equals(userId))
        .toList();
  }
}
