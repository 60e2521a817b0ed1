package dev.parley.acceptance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void aliceMessagesBob() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = a.opened("bob");
        ServerFrame.Sent sent = a.sendMessage(conv, "hello bob");
        assertThat(sent.seq()).isEqualTo(1);
        b.await(ServerFrame.Feed.class, f -> !f.events().isEmpty());
        assertThat(b.messages()).extracting(m -> m.body()).containsExactly("hello bob");
      }
    }
  }
}
