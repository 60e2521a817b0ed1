package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.client.GroupUsers.User;
import dev.parley.client.group.Group;
import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.MembershipChange;
import dev.parley.client.group.MembershipChange.Action;
import dev.parley.client.group.ReceiptKind;
import dev.parley.client.request.ParleyRequestException;
import dev.parley.testing.TestServer;
import dev.parley.testing.proxy.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups through the SDK against a real server: creating and changing a group, the membership
 * events and local state every member's device gets, group-wide ticks, and the outbox to a group.
 */
class GroupsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  private static <T> T get(Future<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  @Test
  void membershipChangesReachEveryMembersDeviceInOrderAndUpdateTheLocalGroup() throws Exception {
    try (TestServer server = TestServer.start();
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"));
      User bob = users.start(users.register("bob"));
      User carol = users.start(users.register("carol"));

      GroupChange created = get(alice.client.createGroup("Trip", "bob"));
      String conv = created.conv();
      assertThat(created.seq()).isEqualTo(1);
      assertThat(created.duplicate()).isFalse();

      // Bob's device gets it live, and so does alice's own device, which made it.
      MembershipChange expected =
          new MembershipChange(
              conv, 1, 0, Action.CREATED, alice.id(), List.of(bob.id()), "Trip", null);
      for (User member : List.of(alice, bob)) {
        await().atMost(WAIT).until(() -> member.events.changesIn(conv).size() == 1);
        assertThat(member.events.changesIn(conv).get(0))
            .usingRecursiveComparison()
            .ignoringFields("ts")
            .isEqualTo(expected);
        assertThat(member.client.group(conv))
            .get()
            .extracting(Group::title, Group::size, Group::member)
            .containsExactly("Trip", 2, true);
        assertThat(member.client.localMembers(conv))
            .extracting(GroupMember::userId, GroupMember::admin)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(alice.id(), true),
                org.assertj.core.groups.Tuple.tuple(bob.id(), false));
      }

      assertThat(get(alice.client.addMembers(conv, "carol")).seq()).isEqualTo(2);
      alice.client.send(conv, "welcome carol");
      await().atMost(WAIT).until(() -> carol.events.bodies(conv).contains("welcome carol"));
      // Carol sees the group from her addition on, the change before the message.
      assertThat(carol.events.timeline)
          .hasSize(2)
          .first()
          .isInstanceOfSatisfying(
              MembershipChange.class,
              c -> {
                assertThat(c.action()).isEqualTo(Action.ADDED);
                assertThat(c.users()).containsExactly(carol.id());
              });
      assertThat(carol.client.group(conv)).get().extracting(Group::member).isEqualTo(true);

      // group_info fills in what carol joined too late to see, handles included.
      GroupInfoPage info = get(carol.client.groupInfo(conv, null, 100));
      assertThat(info.title()).isEqualTo("Trip");
      assertThat(info.size()).isEqualTo(3);
      assertThat(info.next()).isNull();
      assertThat(carol.client.localMembers(conv))
          .extracting(GroupMember::handle)
          .containsExactlyInAnyOrder("alice", "bob", "carol");
      assertThat(carol.client.handle(alice.id())).contains("alice");
      GroupInfoPage firstOfTwo = get(carol.client.groupInfo(conv, null, 2));
      GroupInfoPage secondOfTwo = get(carol.client.groupInfo(conv, firstOfTwo.next(), 2));
      assertThat(secondOfTwo.members()).hasSize(1);
      assertThat(secondOfTwo.next()).isNull();

      get(alice.client.renameGroup(conv, "Trip 2"));
      get(alice.client.setAdmin(conv, carol.id(), true));
      get(carol.client.removeMember(conv, bob.id()));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  bob.events.changesIn(conv).size() == 5
                      && alice.events.changesIn(conv).size() == 5);
      assertThat(bob.events.changesIn(conv))
          .extracting(MembershipChange::action)
          .containsExactly(
              Action.CREATED, Action.ADDED, Action.RENAMED, Action.PROMOTED, Action.REMOVED);
      assertThat(bob.events.changesIn(conv)).extracting(MembershipChange::seq).isSorted();
      assertThat(bob.client.group(conv))
          .get()
          .extracting(Group::title, Group::size, Group::member)
          .containsExactly("Trip 2", 2, false);
      assertThat(alice.client.localMembers(conv))
          .extracting(GroupMember::userId, GroupMember::admin)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(alice.id(), true),
              org.assertj.core.groups.Tuple.tuple(carol.id(), true));
      // What bob could see stays in his local copy, system messages included.
      assertThat(bob.client.localMessages(conv, 100))
          .extracting(m -> m.isMembershipChange() ? m.membershipChange().action() : m.body())
          .containsExactly(
              Action.CREATED,
              Action.ADDED,
              "welcome carol",
              Action.RENAMED,
              Action.PROMOTED,
              Action.REMOVED);

      assertThatThrownBy(() -> get(bob.client.addMembers(conv, "bob")))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              ParleyRequestException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
      get(carol.client.leaveGroup(conv));
      await()
          .atMost(WAIT)
          .until(() -> carol.client.group(conv).map(g -> !g.member()).orElse(false));
      assertThat(alice.client.group(conv)).get().extracting(Group::size).isEqualTo(1);
    }
  }

  @Test
  void ticksOfAGroupMessageFollowTheGroupWidePositions() throws Exception {
    try (TestServer server = TestServer.start();
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"));
      User bob = users.start(users.register("bob"));
      User carol = users.start(users.register("carol"));
      String conv = get(alice.client.createGroup("Ticks", "bob", "carol")).conv();
      await().atMost(WAIT).until(() -> carol.client.group(conv).isPresent());
      users.stop(carol); // offline until later: she will get the message in her catch-up

      String id = alice.client.send(conv, "did everyone get this?").id();
      await().atMost(WAIT).until(() -> bob.events.bodies(conv).size() == 1);
      long seq = bob.events.messages.get(0).seq();
      bob.client.markRead(conv, seq);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  get(alice.client.readBy(conv, seq, ReceiptKind.READ, null, 100)).users().stream()
                      .map(UserRef::handle)
                      .toList()
                      .equals(List.of("bob")));
      // Carol has not received it: the group as a whole has not, whatever bob did.
      assertThat(alice.client.status(id)).contains(MessageStatus.SENT);
      assertThat(alice.events.groupReceipts)
          .allSatisfy(r -> assertThat(r.delivered()).isLessThan(seq));

      users.start(carol);
      await()
          .atMost(WAIT)
          .until(() -> alice.client.status(id).orElseThrow() == MessageStatus.DELIVERED);
      assertThat(alice.client.group(conv)).get().extracting(Group::delivered).isEqualTo(seq);
      assertThat(get(alice.client.readBy(conv, seq, ReceiptKind.DELIVERED, null, 100)).users())
          .extracting(UserRef::handle)
          .containsExactlyInAnyOrder("bob", "carol");

      carol.client.markRead(conv, seq);
      await().atMost(WAIT).until(() -> alice.client.status(id).orElseThrow() == MessageStatus.READ);
      assertThat(alice.events.latestStatus).containsEntry(id, MessageStatus.READ);
      assertThat(alice.events.groupReceipts)
          .last()
          .satisfies(
              r -> {
                assertThat(r.conv()).isEqualTo(conv);
                assertThat(r.read()).isEqualTo(seq);
              });
      // The system message alice's creation made gets no ticks: only her real message changed.
      assertThat(alice.events.changes).extracting(StatusChange::id).containsOnly(id);
      assertThatThrownBy(() -> get(bob.client.readBy(conv, seq, ReceiptKind.READ, null, 10)))
          .cause()
          .isInstanceOfSatisfying(
              ParleyRequestException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
    }
  }

  @Test
  void aMessageQueuedOfflineToAGroupIsSentOnReconnect() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy bobLink = FaultProxy.start("127.0.0.1", server.httpUri().getPort());
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"));
      User bob = users.start(users.register("bob"), bobLink.httpUri());
      String conv = get(alice.client.createGroup("Commute", "bob")).conv();
      await().atMost(WAIT).until(() -> bob.client.group(conv).isPresent());

      bobLink.refuse(true);
      bobLink.cutAll();
      await().atMost(WAIT).until(() -> bob.client.connectionState() != ConnectionState.ONLINE);
      String id = bob.client.send(conv, "written in a tunnel").id();
      assertThat(bob.client.status(id)).contains(MessageStatus.PENDING);

      bobLink.refuse(false);
      await().atMost(WAIT).until(() -> alice.events.bodies(conv).contains("written in a tunnel"));
      await().atMost(WAIT).until(() -> bob.client.pendingCount() == 0);
      assertThat(bob.client.status(id)).get().isNotIn(MessageStatus.PENDING, MessageStatus.FAILED);
      assertThat(alice.events.bodies(conv)).containsExactly("written in a tunnel");
    }
  }

  @Test
  void messagesQueuedByAMemberRemovedMeanwhileFailAsForbiddenAndAreNotRetried() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy bobLink = FaultProxy.start("127.0.0.1", server.httpUri().getPort());
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"));
      User bob = users.start(users.register("bob"), bobLink.httpUri());
      String conv = get(alice.client.createGroup("Club", "bob")).conv();
      String direct = get(bob.client.open("alice")).conv();
      await().atMost(WAIT).until(() -> bob.client.group(conv).isPresent());

      bobLink.refuse(true);
      bobLink.cutAll();
      await().atMost(WAIT).until(() -> bob.client.connectionState() != ConnectionState.ONLINE);
      String first = bob.client.send(conv, "one").id();
      String second = bob.client.send(conv, "two").id();
      String toAlice = bob.client.send(direct, "still friends?").id();
      get(alice.client.removeMember(conv, bob.id()));

      bobLink.refuse(false);
      await().atMost(WAIT).until(() -> bob.client.pendingCount() == 0);
      for (String id : List.of(first, second)) {
        assertThat(bob.client.status(id)).contains(MessageStatus.FAILED);
        assertThat(bob.events.changes)
            .filteredOn(c -> c.id().equals(id) && c.status() == MessageStatus.FAILED)
            .singleElement()
            .extracting(StatusChange::errorCode)
            .isEqualTo("forbidden");
      }
      // The lane to the group ended; the other conversation was not held up.
      assertThat(bob.client.status(toAlice))
          .get()
          .isNotIn(MessageStatus.PENDING, MessageStatus.FAILED);
      await().atMost(WAIT).until(() -> bob.client.group(conv).map(g -> !g.member()).orElse(false));
      assertThat(bob.events.changesIn(conv))
          .last()
          .extracting(MembershipChange::action)
          .isEqualTo(Action.REMOVED);
      assertThat(alice.events.bodies(conv)).isEmpty();
      assertThat(alice.events.bodies(direct)).containsExactly("still friends?");
      assertThat(bob.client.connectionState()).isEqualTo(ConnectionState.ONLINE);
    }
  }

  @Test
  void aCreationRetriedAfterTheConnectionDroppedMakesOneGroup() throws Exception {
    try (TestServer server = TestServer.start();
        FaultProxy aliceLink = FaultProxy.start("127.0.0.1", server.httpUri().getPort());
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"), aliceLink.httpUri());
      User bob = users.start(users.register("bob"));

      // The request leaves alice while the link is silent: it reaches the server (or not) only
      // when the link resumes, after alice's client gave the connection up and sent it again on a
      // new one. Either way, one group.
      aliceLink.stall();
      var creation = alice.client.createGroup("Once", "bob");
      await().atMost(WAIT).until(() -> alice.events.states.contains(ConnectionState.OFFLINE));
      aliceLink.resume();
      GroupChange created = get(creation);

      await().atMost(WAIT).until(() -> bob.events.changesIn(created.conv()).size() == 1);
      ConversationPage bobs = get(bob.client.conversations(100, null));
      assertThat(bobs.items())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.conv()).isEqualTo(created.conv());
                assertThat(row.group().title()).isEqualTo("Once");
              });
      assertThat(bob.events.membershipChanges).hasSize(1);
      assertThat(aliceLink.acceptedCount()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void usersNamesDepartedMembersAndTheStoreKeepsTheirHandles() throws Exception {
    try (TestServer server = TestServer.start();
        GroupUsers users = new GroupUsers(server, dir)) {
      User alice = users.start(users.register("alice"));
      User bob = users.start(users.register("bob"));
      User carol = users.start(users.register("carol"));
      User dave = users.register("dave");
      String conv = get(alice.client.createGroup("Trip", "bob", "carol", "dave")).conv();
      bob.client.send(conv, "bye all");
      await().atMost(WAIT).until(() -> carol.events.bodies(conv).contains("bye all"));
      get(bob.client.leaveGroup(conv));
      get(alice.client.removeMember(conv, carol.id()));

      // Dave's first device knows nobody: bob and carol are on no member page any more.
      users.start(dave);
      assertThat(dave.client.handle(bob.id())).isEmpty();
      String unknown = "zzzzzzzzzzzzzzzzzzzz";
      List<UserRef> found =
          get(dave.client.users(List.of(bob.id(), unknown, carol.id(), bob.id())));
      assertThat(found)
          .containsExactly(new UserRef(bob.id(), "bob"), new UserRef(carol.id(), "carol"));
      assertThat(dave.client.handle(bob.id())).contains("bob");
      assertThat(dave.client.handle(carol.id())).contains("carol");
      assertThat(get(dave.client.users(List.of(unknown)))).isEmpty();

      assertThatThrownBy(() -> dave.client.users(List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> dave.client.users(List.of("Not An Id")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> dave.client.users(Collections.nCopies(257, bob.id())))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
