package dev.parley.acceptance.groups;

import static dev.parley.acceptance.groups.GroupFixture.add;
import static dev.parley.acceptance.groups.GroupFixture.changed;
import static dev.parley.acceptance.groups.GroupFixture.create;
import static dev.parley.acceptance.groups.GroupFixture.error;
import static dev.parley.acceptance.groups.GroupFixture.history;
import static dev.parley.acceptance.groups.GroupFixture.ref;
import static dev.parley.acceptance.groups.GroupFixture.remove;
import static dev.parley.acceptance.groups.GroupFixture.send;
import static dev.parley.server.config.ServerOptions.GROUP_CREATIONS_PER_HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Groups over real WebSockets: membership in the sequence, fan-out, receipts, history rules. */
class GroupsTest {

  @Test
  void aGroupMessageReachesEveryMemberOnceAndTheSenderSeesGroupWideTicks() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      TestDevice dave = server.register("dave", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null);
          TestSocket d = TestSocket.connectAndSync(server, dave, null)) {
        ServerFrame.GroupChanged created = create(a, "Trip", "bob", "carol");
        String conv = created.conv();
        assertThat(conv).startsWith("g.");
        assertThat(created.seq()).isEqualTo(1);

        Awaitility.await().atMost(TestSocket.WAIT).until(() -> c.messages(conv).size() == 1);
        FeedEvent.Message system = c.messages(conv).get(0);
        assertThat(system.system().action()).isEqualTo("created");
        assertThat(system.system().title()).isEqualTo("Trip");
        assertThat(system.system().users()).containsExactly(bob.userId(), carol.userId());

        assertThat(send(a, conv, "hello all")).isInstanceOf(ServerFrame.Sent.class);
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> b.messages(conv).size() == 2 && c.messages(conv).size() == 2);
        assertThat(b.messages(conv).get(1).body()).isEqualTo("hello all");

        b.send(new ClientFrame.Read(conv, 2));
        c.send(new ClientFrame.Read(conv, 2));
        FeedEvent.GroupReceipt allRead = new FeedEvent.GroupReceipt(conv, 2, 2);
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> a.feedEvents().contains(allRead));
        // Members' own positions go to their own (other) devices only: nobody else gets them.
        assertThat(a.receipts()).isEmpty();
        assertThat(c.receipts()).isEmpty();
        assertThat(c.feedEvents()).doesNotContain(allRead);

        ServerFrame readBy = a.request(new ClientFrame.ReadBy(ref(), conv, 2, "read", null, null));
        assertThat(((ServerFrame.ReadBy) readBy).users())
            .extracting(p -> p.handle())
            .containsExactlyInAnyOrder("bob", "carol");

        // Dave, no member, saw nothing and may do nothing.
        assertThat(d.feedEvents()).isEmpty();
        assertThat(error(send(d, conv, "let me in")).code()).isEqualTo("forbidden");
        assertThat(error(d.request(new ClientFrame.History(ref(), conv, null, 10))).code())
            .isEqualTo("forbidden");
        assertThat(error(d.request(new ClientFrame.GroupInfo(ref(), conv, null, null))).code())
            .isEqualTo("forbidden");
        // A group that does not exist looks exactly the same.
        String none = "g." + "a".repeat(26);
        assertThat(error(d.request(new ClientFrame.GroupInfo(ref(), none, null, null))).message())
            .isEqualTo(
                error(d.request(new ClientFrame.GroupInfo(ref(), conv, null, null)))
                    .message()
                    .replace(conv, none));
      }
    }
  }

  @Test
  void theDeviceThatMadeAChangeGetsItLiveInSeqOrderWithTheOthersChanges() {
    try (TestServer server = TestServer.start()) {
      TestDevice alicePhone = server.register("alice", "violet-harbour-71", "phone");
      TestDevice aliceLaptop = server.login("alice", "violet-harbour-71", "laptop");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alicePhone, null);
          TestSocket laptop = TestSocket.connectAndSync(server, aliceLaptop, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = create(a, "Trip", "bob").conv();
        changed(a.request(new ClientFrame.GroupAdmin(ref(), conv, bob.userId(), true)));
        // Bob's change right after alice's own: with no sync from alice's phone, it must still see
        // her two changes live, and before his (a client applies changes in seq order).
        changed(b.request(new ClientFrame.GroupRename(ref(), conv, "Trip 2")));
        for (TestSocket device : List.of(a, laptop)) {
          Awaitility.await().atMost(TestSocket.WAIT).until(() -> device.messages(conv).size() == 3);
          assertThat(device.messages(conv))
              .extracting(m -> m.seq() + " " + m.system().action())
              .containsExactly("1 created", "2 promoted", "3 renamed");
        }
        assertThat(a.count(ServerFrame.Synced.class)).isEqualTo(1);
      }
    }
  }

  @Test
  void theHourlyCreationLimitCountsNewGroupsNotRetries() {
    try (TestServer server =
        TestServer.start(c -> c.toBuilder().set(GROUP_CREATIONS_PER_HOUR, 2).build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        create(a, "One");
        String id = UUID.randomUUID().toString();
        ServerFrame.GroupChanged second =
            changed(a.request(new ClientFrame.CreateGroup(ref(), id, "Two", List.of())));
        for (int retry = 0; retry < 3; retry++) {
          ServerFrame.GroupChanged again =
              changed(a.request(new ClientFrame.CreateGroup(ref(), id, "Two", List.of())));
          assertThat(again.conv()).isEqualTo(second.conv());
          assertThat(again.duplicate()).isTrue();
        }
        ServerFrame.Error third =
            error(
                a.request(
                    new ClientFrame.CreateGroup(
                        ref(), UUID.randomUUID().toString(), "Three", List.of())));
        assertThat(third.code()).isEqualTo("rate_limited");
      }
    }
  }

  @Test
  void membersSeeHistoryFromTheirJoinToTheirRemovalAndAgainAfterAReAdd() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      server.register("carol", "violet-harbour-71", "phone");
      TestDevice carol = server.login("carol", "violet-harbour-71", "laptop");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = create(a, "Team", "bob").conv(); // 1
        send(a, conv, "before carol"); // 2
        assertThat(changed(add(a, conv, "carol")).seq()).isEqualTo(3);
        send(a, conv, "carol is here"); // 4
        assertThat(changed(remove(a, conv, bob.userId())).seq()).isEqualTo(5);
        send(a, conv, "bob is gone"); // 6

        try (TestSocket c = TestSocket.connectAndSync(server, carol, null)) {
          assertThat(history(c, conv).messages())
              .extracting(FeedEvent.Message::seq)
              .containsExactly(3L, 4L, 5L, 6L);
        }
        assertThat(history(b, conv).messages())
            .extracting(FeedEvent.Message::seq)
            .containsExactly(1L, 2L, 3L, 4L, 5L);
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() == 5);
        assertThat(b.messages(conv).get(4).system().action()).isEqualTo("removed");
        assertThat(error(send(b, conv, "still here?")).code()).isEqualTo("forbidden");
        assertThat(error(b.request(new ClientFrame.GroupInfo(ref(), conv, null, null))).code())
            .isEqualTo("forbidden");

        changed(add(a, conv, "bob")); // 7
        send(a, conv, "welcome back"); // 8
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() == 7);
        assertThat(history(b, conv).messages())
            .extracting(FeedEvent.Message::seq)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 7L, 8L);
        assertThat(b.messages(conv)).extracting(FeedEvent.Message::seq).doesNotContain(6L);
      }
    }
  }

  @Test
  void anOfflineMemberCatchesUpOnExactlyWhatTheyMayseeAfterARestart() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      String conv;
      String cursor;
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        conv = create(a, "Night", "bob").conv();
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() == 1);
        cursor = b.cursor();
        for (int i = 0; i < 30; i++) {
          send(a, conv, "m" + i);
        }
      }
      server.restart();
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, cursor)) {
        assertThat(b.messages(conv))
            .extracting(FeedEvent.Message::seq)
            .containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(2, 31).boxed().toList());
        assertThat(((ServerFrame.Sent) send(a, conv, "after restart")).seq()).isEqualTo(32);
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() == 31);
      }
    }
  }

  @Test
  void badRequestsGetAClearErrorAndChangeNothing() {
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .set(dev.parley.server.config.ServerOptions.GROUP_MAX_MEMBERS, 3)
                    .build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      server.register("bob", "violet-harbour-71", "phone");
      server.register("carol", "violet-harbour-71", "phone");
      server.register("dave", "violet-harbour-71", "phone");
      TestDevice bob = server.login("bob", "violet-harbour-71", "laptop");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String id = UUID.randomUUID().toString();
        assertThat(
                error(
                        a.request(
                            new ClientFrame.CreateGroup(ref(), id, "X", List.of("bob", "nobody"))))
                    .code())
            .isEqualTo("unknown_user");
        assertThat(
                error(a.request(new ClientFrame.CreateGroup(ref(), id, "  ", List.of("bob"))))
                    .code())
            .isEqualTo("invalid_title");
        assertThat(
                error(
                        a.request(
                            new ClientFrame.CreateGroup(
                                ref(), id, "X", List.of("bob", "carol", "dave"))))
                    .code())
            .isEqualTo("too_many_members");
        assertThat(b.feedEvents()).isEmpty();

        ServerFrame.GroupChanged first =
            changed(a.request(new ClientFrame.CreateGroup(ref(), id, "X", List.of("bob"))));
        ServerFrame.GroupChanged retried =
            changed(a.request(new ClientFrame.CreateGroup(ref(), id, "X", List.of("bob"))));
        assertThat(retried.conv()).isEqualTo(first.conv());
        assertThat(retried.duplicate()).isTrue();

        String conv = first.conv();
        assertThat(error(add(b, conv, "carol")).code()).isEqualTo("forbidden");
        assertThat(error(add(a, conv, "bob")).code()).isEqualTo("invalid_members");
        changed(add(a, conv, "carol"));
        assertThat(error(add(a, conv, "dave")).code()).isEqualTo("too_many_members");
        ServerFrame.GroupInfo info =
            (ServerFrame.GroupInfo) a.request(new ClientFrame.GroupInfo(ref(), conv, null, null));
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.members())
            .extracting(ServerFrame.GroupMember::handle)
            .containsExactlyInAnyOrder("alice", "bob", "carol");
      }
    }
  }

  @Test
  void theConversationListMixesChatsAndGroupsByLastActivity() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String direct = a.opened("bob");
        a.sendMessage(direct, "1:1 first");
        String group = create(a, "Club", "bob").conv();
        send(a, group, "group news");
        a.sendMessage(direct, "1:1 latest");

        ServerFrame.Conversations list =
            (ServerFrame.Conversations) b.request(new ClientFrame.Conversations(ref(), 1, null));
        assertThat(list.items()).extracting(ConversationSummary::conv).containsExactly(direct);
        ServerFrame.Conversations rest =
            (ServerFrame.Conversations)
                b.request(new ClientFrame.Conversations(ref(), 10, list.next()));
        assertThat(rest.items()).hasSize(1);
        ConversationSummary g = rest.items().get(0);
        assertThat(g.conv()).isEqualTo(group);
        assertThat(g.group().title()).isEqualTo("Club");
        assertThat(g.group().size()).isEqualTo(2);
        assertThat(g.last().body()).isEqualTo("group news");
        assertThat(g.unread()).isEqualTo(1);
        assertThat(rest.next()).isNull();
      }
    }
  }

  @Test
  void twoAdminsRemovingEachOtherResolveInOneOrder() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      server.register("carol", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = create(a, "Duel", "bob", "carol").conv();
        changed(a.request(new ClientFrame.GroupAdmin(ref(), conv, bob.userId(), true)));
        String ra = ref();
        String rb = ref();
        a.send(new ClientFrame.GroupRemove(ra, conv, bob.userId()));
        b.send(new ClientFrame.GroupRemove(rb, conv, alice.userId()));
        ServerFrame fa = a.awaitFrame(f -> ra.equals(f.ref()));
        ServerFrame fb = b.awaitFrame(f -> rb.equals(f.ref()));
        assertThat(List.of(fa, fb))
            .filteredOn(f -> f instanceof ServerFrame.GroupChanged)
            .hasSize(1);
        assertThat(List.of(fa, fb)).filteredOn(f -> f instanceof ServerFrame.Error).hasSize(1);
      }
    }
  }

  @Test
  void typingReachesTheOtherMembersAndARemovedMemberCanNoLongerTypeOrSend() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      TestDevice carol = server.register("carol", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null);
          TestSocket c = TestSocket.connectAndSync(server, carol, null)) {
        String conv = create(a, "Chatty", "bob", "carol").conv();
        b.send(new ClientFrame.Typing(conv, true));
        for (TestSocket s : List.of(a, c)) {
          s.await(
              ServerFrame.Typing.class,
              t -> t.conv().equals(conv) && t.user().equals(bob.userId()) && t.active());
        }

        changed(remove(a, conv, carol.userId()));
        c.send(new ClientFrame.Typing(conv, true));
        ServerFrame.Error refused = c.await(ServerFrame.Error.class, e -> true);
        assertThat(refused.code()).isEqualTo("forbidden");
        assertThat(error(send(c, conv, "hello?")).code()).isEqualTo("forbidden");
        c.send(new ClientFrame.Read(conv, 1));
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(
                () -> c.errors().stream().filter(e -> e.code().equals("forbidden")).count() >= 3);
      }
    }
  }

  @Test
  void sendsRacingARemovalAreEitherStoredBeforeItOrRefused() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = create(a, "Race", "bob").conv();
        List<String> refs = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
          String r = ref();
          refs.add(r);
          b.send(new ClientFrame.Send(r, UUID.randomUUID().toString(), conv, "m" + i));
          if (i == 10) {
            a.send(new ClientFrame.GroupRemove(ref(), conv, bob.userId()));
          }
        }
        List<ServerFrame> answers = new java.util.ArrayList<>();
        for (String r : refs) {
          answers.add(b.awaitFrame(f -> r.equals(f.ref())));
        }
        long removedAt =
            history(a, conv).messages().stream()
                .filter(m -> m.system() != null && m.system().action().equals("removed"))
                .findFirst()
                .orElseThrow()
                .seq();
        for (ServerFrame f : answers) {
          if (f instanceof ServerFrame.Sent sent) {
            assertThat(sent.seq()).isLessThan(removedAt);
          } else {
            assertThat(error(f).code()).isEqualTo("forbidden");
          }
        }
        // Everything stored is in history once, in order, with no message after the removal.
        assertThat(history(a, conv).messages())
            .extracting(FeedEvent.Message::seq)
            .isSorted()
            .doesNotHaveDuplicates()
            .last()
            .isEqualTo(removedAt);
      }
    }
  }
}
