package dev.parley.acceptance.groups;

import static dev.parley.acceptance.groups.GroupFixture.changed;
import static dev.parley.acceptance.groups.GroupFixture.create;
import static dev.parley.acceptance.groups.GroupFixture.ref;
import static dev.parley.acceptance.groups.GroupFixture.remove;
import static dev.parley.acceptance.groups.GroupFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The {@code users} request over a real WebSocket: how clients name group members who are no longer
 * on any member page (removed, or left after writing).
 */
class UsersLookupTest {

  @Test
  void handlesOfCurrentAndDepartedMembersAreAnsweredAndUnknownIdsLeftOut() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      TestDevice dave = server.register("dave", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null);
          TestSocket d = TestSocket.connectAndSync(server, dave, null)) {
        String conv = create(a, "Trip", "bob", "carol", "dave").conv();
        assertThat(send(d, conv, "I wrote this and left")).isInstanceOf(ServerFrame.Sent.class);
        changed(d.request(new ClientFrame.GroupLeave(ref(), conv)));
        changed(remove(a, conv, bob.userId()));
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> c.messages(conv).size() == 4);

        // Carol's member pages name only alice and herself now.
        ServerFrame.GroupInfo members =
            (ServerFrame.GroupInfo) c.request(new ClientFrame.GroupInfo(ref(), conv, null, null));
        assertThat(members.members())
            .extracting(ServerFrame.GroupMember::handle)
            .containsExactlyInAnyOrder("alice", "carol");

        String unknown = "zzzzzzzzzzzzzzzzzzzz";
        List<Peer> users =
            users(c, List.of(bob.userId(), unknown, dave.userId(), alice.userId(), bob.userId()));
        assertThat(users)
            .extracting(Peer::userId, Peer::handle)
            .containsExactly(
                tuple(bob.userId(), "bob"),
                tuple(dave.userId(), "dave"),
                tuple(alice.userId(), "alice"));

        assertThat(users(c, List.of(unknown))).isEmpty();
      }
    }
  }

  @Test
  void tooManyOrMalformedIdsAreRefusedAndTheSessionGoesOn() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        List<String> most = new ArrayList<>(Collections.nCopies(255, "abc"));
        most.add(alice.userId());
        assertThat(users(a, most)).extracting(Peer::handle).containsExactly("alice");

        String tooMany = String.join(",", Collections.nCopies(257, "\"abc\""));
        assertThat(refused(a, "{\"type\":\"users\",\"ids\":[" + tooMany + "]}").message())
            .contains("'ids' has more than 256");
        assertThat(refused(a, "{\"type\":\"users\",\"ids\":[\"Robert'); DROP\"]}").message())
            .contains("'ids' has an entry that is not a user id");
        assertThat(refused(a, "{\"type\":\"users\",\"ids\":[]}").message())
            .contains("'ids' is empty");

        assertThat(a.isClosed()).isFalse();
        assertThat(users(a, List.of(alice.userId())))
            .extracting(Peer::handle)
            .containsExactly("alice");
      }
    }
  }

  @Test
  void anUnauthenticatedSessionCannotLookUsersUp() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket anonymous = TestSocket.connectAnonymous(server)) {
        anonymous.send(new ClientFrame.Users("u1", List.of(alice.userId())));
        assertThat(anonymous.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
        assertThat(anonymous.errors())
            .extracting(ServerFrame.Error::code)
            .containsExactly("not_authenticated");
        assertThat(anonymous.frames()).noneMatch(ServerFrame.Users.class::isInstance);
      }
    }
  }

  private static List<Peer> users(TestSocket s, List<String> ids) {
    ServerFrame reply = s.request(new ClientFrame.Users(ref(), ids));
    assertThat(reply).isInstanceOf(ServerFrame.Users.class);
    return ((ServerFrame.Users) reply).users();
  }

  /** Sends a malformed frame and returns its error (which has no ref: the frame was not read). */
  private static ServerFrame.Error refused(TestSocket s, String frame) {
    int seen = s.errors().size();
    s.sendRaw(frame);
    Awaitility.await().atMost(TestSocket.WAIT).until(() -> s.errors().size() > seen);
    ServerFrame.Error error = s.errors().get(seen);
    assertThat(error.code()).isEqualTo("invalid_frame");
    return error;
  }
}
