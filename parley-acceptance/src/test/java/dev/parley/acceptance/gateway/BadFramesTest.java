package dev.parley.acceptance.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Malformed, unknown, oversized and unauthorised frames get their documented errors; nothing else
 * breaks.
 */
class BadFramesTest {

  @Test
  void eachBadFrameGetsItsErrorAndTheConnectionKeepsWorking() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null)) {
        String ab = a.opened("bob");
        String bc = b.opened("carol");
        String id = UUID.randomUUID().toString();

        expect(a, "{not json", "bad_json");
        expect(a, "[1]", "bad_json");
        expect(a, "{\"type\":\"teleport\"}", "unknown_type");
        expect(
            a,
            "{\"type\":\"send\",\"id\":\"" + id + "\",\"conv\":\"" + ab + "\"}",
            "invalid_frame");
        expect(
            a,
            "{\"type\":\"send\",\"id\":\"123\",\"conv\":\"" + ab + "\",\"body\":\"x\"}",
            "invalid_frame");
        expect(
            a,
            "{\"type\":\"send\",\"ref\":\"e\",\"id\":\""
                + id
                + "\",\"conv\":\""
                + ab
                + "\",\"body\":\"\"}",
            "body_empty");
        expect(
            a,
            "{\"type\":\"send\",\"ref\":\"l\",\"id\":\""
                + id
                + "\",\"conv\":\""
                + ab
                + "\",\"body\":\""
                + "x".repeat(16_385)
                + "\"}",
            "body_too_long");
        expect(
            a,
            "{\"type\":\"send\",\"id\":\""
                + id
                + "\",\"conv\":\""
                + ab
                + "\",\"body\":\""
                + "x".repeat(70_000)
                + "\"}",
            "frame_too_large");
        expect(
            a,
            "{\"type\":\"send\",\"ref\":\"f\",\"id\":\""
                + id
                + "\",\"conv\":\""
                + bc
                + "\",\"body\":\"sneaky\"}",
            "forbidden");
        expect(a, "{\"type\":\"history\",\"ref\":\"h\",\"conv\":\"" + bc + "\"}", "forbidden");
        expect(a, "{\"type\":\"read\",\"conv\":\"" + bc + "\",\"seq\":1}", "forbidden");
        expect(
            a,
            "{\"type\":\"send\",\"ref\":\"u\",\"id\":\""
                + id
                + "\",\"conv\":\"nope\",\"body\":\"x\"}",
            "unknown_conversation");
        expect(a, "{\"type\":\"open\",\"ref\":\"o\",\"handle\":\"nobody\"}", "unknown_user");
        expect(a, "{\"type\":\"open\",\"ref\":\"s\",\"handle\":\"alice\"}", "self_conversation");
        int errors = a.errors().size();
        a.sendBinary(new byte[] {1, 2, 3});
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> a.errors().size() > errors);
        assertThat(a.errors().get(errors).code()).isEqualTo("unsupported_frame");
        // A forged conversation with a user who does not exist.
        String ghost =
            alice.userId().compareTo("zzzzzzzz") < 0
                ? "d." + alice.userId() + ".zzzzzzzz"
                : "d.aaaaaaaa." + alice.userId();
        expect(
            a,
            "{\"type\":\"send\",\"ref\":\"g\",\"id\":\""
                + id
                + "\",\"conv\":\""
                + ghost
                + "\",\"body\":\"x\"}",
            "unknown_conversation");

        // The connection still works, and so does everyone else's.
        assertThat(a.request(new ClientFrame.Ping("still-there")))
            .isInstanceOf(ServerFrame.Pong.class);
        a.sendMessage(ab, "after all that");
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(ab).size() == 1);
        assertThat(b.messages(ab).get(0).body()).isEqualTo("after all that");
        assertThat(c.feedEvents()).isEmpty();
        assertThat(b.errors()).isEmpty();
      }
    }
  }

  @Test
  void framesOverTheTransportLimitCloseWithTooBig() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        a.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
        assertThat(a.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
      }
    }
  }

  @Test
  void unauthenticatedSessionsAreClosedWithClearCodes() {
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .set(ServerOptions.AUTH_TIMEOUT, java.time.Duration.ofMillis(500))
                    .build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket early = TestSocket.connectAnonymous(server)) {
        early.send(new ClientFrame.Ping("p"));
        assertThat(early.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
        assertThat(early.errors())
            .extracting(ServerFrame.Error::code)
            .containsExactly("not_authenticated");
      }
      try (TestSocket garbage = TestSocket.connectAnonymous(server)) {
        garbage.sendRaw("{{{");
        assertThat(garbage.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
      }
      try (TestSocket silent = TestSocket.connectAnonymous(server)) {
        assertThat(silent.awaitClose()).isEqualTo(CloseCodes.AUTH_TIMEOUT);
      }
      try (TestSocket wrong = TestSocket.connectAnonymous(server)) {
        wrong.send(new ClientFrame.Auth("not-a-token"));
        assertThat(wrong.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
      }
      // The browser way: auth as the first frame, with requests pipelined behind it.
      try (TestSocket browser = TestSocket.connectAnonymous(server)) {
        browser.send(new ClientFrame.Auth(alice.token()));
        browser.send(new ClientFrame.Ping("pipelined"));
        browser.await(ServerFrame.Welcome.class, w -> w.userId().equals(alice.userId()));
        browser.await(ServerFrame.Pong.class, p -> "pipelined".equals(p.ref()));
      }
    }
  }

  @Test
  void aClientThatKeepsSendingUndecodableFramesIsClosedWithPolicyViolation() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket flood = TestSocket.connectAndSync(server, alice, null)) {
        try {
          for (int i = 0; i < 200; i++) {
            flood.sendRaw("{}");
          }
        } catch (CompletionException closedMeanwhile) {
          // The server may close it before the last frames are out.
        }
        assertThat(flood.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        // Each frame within the budget was answered; none past it.
        assertThat(flood.errors()).isNotEmpty().hasSizeLessThan(200);
        assertThat(flood.errors()).allMatch(e -> e.code().equals("unknown_type"));
      }
      try (TestSocket again = TestSocket.connectAndSync(server, alice, null)) {
        assertThat(again.request(new ClientFrame.Ping("p"))).isInstanceOf(ServerFrame.Pong.class);
      }
    }
  }

  @Test
  void aSecondSessionOfTheSameDeviceReplacesTheFirst() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket first = TestSocket.connectAndSync(server, alice, null)) {
        try (TestSocket second = TestSocket.connectAndSync(server, alice, first.cursor());
            TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
          assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);
          b.sendMessage(b.opened("alice"), "to the new session");
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> second.messages().size() == 1);
          assertThat(first.messages()).isEmpty();
        }
      }
    }
  }

  private static void expect(TestSocket s, String raw, String code) {
    int before = s.errors().size();
    s.sendRaw(raw);
    Awaitility.await().atMost(TestSocket.WAIT).until(() -> s.errors().size() > before);
    ServerFrame.Error error = s.errors().get(before);
    assertThat(error.code())
        .as("answer to %s", raw.length() > 120 ? raw.substring(0, 120) : raw)
        .isEqualTo(code);
    assertThat(error.message()).isNotBlank();
  }
}
