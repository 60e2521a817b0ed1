package dev.parley.acceptance.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Typing reaches the other member's devices, stops on request, and expires by itself. */
class TypingTest {

  @Test
  void typingIsForwardedStoppedAndExpires() {
    try (TestServer server =
        TestServer.start(
            c -> c.toBuilder().set(ServerOptions.TYPING_TTL, Duration.ofMillis(400)).build())) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice alice2 = server.login("alice", "password1", "laptop");
      TestDevice bob = server.register("bob", "password1", "phone");
      TestDevice bob2 = server.login("bob", "password1", "laptop");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket a2 = TestSocket.connectAndSync(server, alice2, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket b2 = TestSocket.connectAndSync(server, bob2, null)) {
        String conv = a.opened("bob");
        a.send(new ClientFrame.Typing(conv, true));
        ServerFrame.Typing started = new ServerFrame.Typing(conv, alice.userId(), true);
        ServerFrame.Typing stopped = new ServerFrame.Typing(conv, alice.userId(), false);
        for (TestSocket s : List.of(b, b2)) {
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> s.frames().contains(started));
        }
        a.send(new ClientFrame.Typing(conv, false));
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.frames().contains(stopped));

        // Started again and never stopped: it expires on its own.
        a.send(new ClientFrame.Typing(conv, true));
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> typing(b).size() == 4);
        assertThat(typing(b)).containsExactly(started, stopped, started, stopped);
        assertThat(typing(a2)).isEmpty();
        assertThat(typing(a)).isEmpty();

        // Someone else's conversation is refused.
        String bc = b.opened("alice");
        a.sendRaw("{\"type\":\"typing\",\"conv\":\"d.zzzz.zzzzz\",\"active\":true}");
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> !a.errors().isEmpty());
        assertThat(a.errors().get(0).code()).isIn("forbidden", "unknown_conversation");
        assertThat(bc).isEqualTo(conv);
      }
    }
  }

  private static List<ServerFrame.Typing> typing(TestSocket s) {
    return s.frames().stream()
        .filter(ServerFrame.Typing.class::isInstance)
        .map(ServerFrame.Typing.class::cast)
        .toList();
  }
}
