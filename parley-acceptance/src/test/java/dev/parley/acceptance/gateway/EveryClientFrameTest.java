package dev.parley.acceptance.gateway;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every client frame type, sent over a real WebSocket, gets the reply docs/protocol.md names for it
 * or, for the frames documented without one, an effect elsewhere and silence on the sending
 * session. A new {@link ClientFrame} type fails this test until it has an exchange here.
 */
class EveryClientFrameTest {

  /** Alice and bob share {@code conv}, in which alice has sent message {@code seq}; both live. */
  private record Chat(
      TestServer server,
      TestDevice alice,
      TestDevice bob,
      TestSocket a,
      TestSocket b,
      String conv,
      long seq) {}

  /** Sends one frame type and checks what comes back, or that nothing does. */
  private interface Exchange {
    void run(Chat chat);
  }

  private static final Map<Class<?>, Exchange> EXCHANGES =
      Map.ofEntries(
          entry(ClientFrame.Auth.class, EveryClientFrameTest::auth),
          entry(ClientFrame.Sync.class, EveryClientFrameTest::sync),
          entry(ClientFrame.Send.class, EveryClientFrameTest::send),
          entry(ClientFrame.Received.class, EveryClientFrameTest::received),
          entry(ClientFrame.Read.class, EveryClientFrameTest::read),
          entry(ClientFrame.Open.class, EveryClientFrameTest::open),
          entry(ClientFrame.Conversations.class, EveryClientFrameTest::conversations),
          entry(ClientFrame.History.class, EveryClientFrameTest::history),
          entry(ClientFrame.Ping.class, EveryClientFrameTest::ping),
          entry(ClientFrame.Presence.class, EveryClientFrameTest::presence),
          entry(ClientFrame.Typing.class, EveryClientFrameTest::typing),
          entry(ClientFrame.CreateGroup.class, EveryClientFrameTest::createGroup),
          entry(ClientFrame.GroupAdd.class, EveryClientFrameTest::groupAdd),
          entry(ClientFrame.GroupRemove.class, EveryClientFrameTest::groupRemove),
          entry(ClientFrame.GroupLeave.class, EveryClientFrameTest::groupLeave),
          entry(ClientFrame.GroupAdmin.class, EveryClientFrameTest::groupAdmin),
          entry(ClientFrame.GroupRename.class, EveryClientFrameTest::groupRename),
          entry(ClientFrame.GroupInfo.class, EveryClientFrameTest::groupInfo),
          entry(ClientFrame.ReadBy.class, EveryClientFrameTest::readBy),
          entry(ClientFrame.Users.class, EveryClientFrameTest::users));

  @Test
  void everyClientFrameTypeHasAnExchange() {
    assertThat(EXCHANGES.keySet())
        .as("ClientFrame types without an exchange in this test")
        .containsExactlyInAnyOrder(ClientFrame.class.getPermittedSubclasses());
  }

  @Test
  void everyClientFrameTypeGetsItsReplyOrItsDocumentedSilence() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = a.opened("bob");
        long seq = a.sendMessage(conv, "first").seq();
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> !b.messages(conv).isEmpty());
        Chat chat = new Chat(server, alice, bob, a, b, conv, seq);
        for (Class<?> type : ClientFrame.class.getPermittedSubclasses()) {
          EXCHANGES.get(type).run(chat);
        }
      }
    }
  }

  /** First frame of an anonymous session: welcome. On an authenticated session: an error. */
  private static void auth(Chat chat) {
    TestDevice browser = chat.server().login("alice", "violet-harbour-71", "browser");
    try (TestSocket anonymous = TestSocket.connectAnonymous(chat.server())) {
      anonymous.send(new ClientFrame.Auth(browser.token()));
      ServerFrame.Welcome welcome = anonymous.await(ServerFrame.Welcome.class, w -> true);
      assertThat(welcome.deviceId()).isEqualTo(browser.deviceId());
    }
    int mark = chat.a().frames().size();
    chat.a().send(new ClientFrame.Auth(chat.alice().token()));
    ServerFrame.Error error = awaitAfter(chat.a(), mark, ServerFrame.Error.class, e -> true);
    assertThat(error.code()).isEqualTo("invalid_frame");
    assertThat(chat.a().isClosed()).isFalse();
  }

  private static void sync(Chat chat) {
    ServerFrame.Synced synced = chat.a().sync(chat.a().cursor());
    assertThat(synced.reset()).isFalse();
  }

  private static void send(Chat chat) {
    ServerFrame.Sent sent = chat.a().sendMessage(chat.conv(), "second");
    assertThat(sent.seq()).isGreaterThan(chat.seq());
  }

  /** No reply; alice's devices hear bob's delivery position. */
  private static void received(Chat chat) {
    int mark = chat.b().frames().size();
    chat.b().send(new ClientFrame.Received(chat.conv(), chat.seq()));
    awaitReceipt(chat, r -> r.delivered() >= chat.seq());
    assertSilentSince(chat.b(), mark);
  }

  /** No reply; alice's devices hear bob's read position. */
  private static void read(Chat chat) {
    int mark = chat.b().frames().size();
    chat.b().send(new ClientFrame.Read(chat.conv(), chat.seq()));
    awaitReceipt(chat, r -> r.read() >= chat.seq());
    assertSilentSince(chat.b(), mark);
  }

  private static void open(Chat chat) {
    ServerFrame reply = chat.a().request(new ClientFrame.Open(chat.a().nextRef(), "bob"));
    assertThat(reply).isInstanceOf(ServerFrame.Opened.class);
    assertThat(((ServerFrame.Opened) reply).conv()).isEqualTo(chat.conv());
  }

  private static void conversations(Chat chat) {
    ServerFrame reply =
        chat.a().request(new ClientFrame.Conversations(chat.a().nextRef(), null, null));
    assertThat(reply).isInstanceOf(ServerFrame.Conversations.class);
    assertThat(((ServerFrame.Conversations) reply).items())
        .extracting(ConversationSummary::conv)
        .containsExactly(chat.conv());
  }

  private static void history(Chat chat) {
    ServerFrame reply =
        chat.a().request(new ClientFrame.History(chat.a().nextRef(), chat.conv(), null, null));
    assertThat(reply).isInstanceOf(ServerFrame.History.class);
    assertThat(((ServerFrame.History) reply).messages())
        .extracting(FeedEvent.Message::body)
        .containsExactly("first", "second");
  }

  private static void ping(Chat chat) {
    assertThat(chat.a().request(new ClientFrame.Ping(chat.a().nextRef())))
        .isInstanceOf(ServerFrame.Pong.class);
  }

  private static void presence(Chat chat) {
    ServerFrame reply =
        chat.a()
            .request(new ClientFrame.Presence(chat.a().nextRef(), List.of(chat.bob().userId())));
    assertThat(reply).isInstanceOf(ServerFrame.Presence.class);
    assertThat(((ServerFrame.Presence) reply).users())
        .extracting(PresenceInfo::userId, PresenceInfo::online)
        .containsExactly(tuple(chat.bob().userId(), true));
  }

  /** No reply; the other member's devices hear it. */
  private static void typing(Chat chat) {
    int mark = chat.b().frames().size();
    int aliceMark = chat.a().frames().size();
    chat.b().send(new ClientFrame.Typing(chat.conv(), true));
    awaitAfter(
        chat.a(),
        aliceMark,
        ServerFrame.Typing.class,
        t -> t.conv().equals(chat.conv()) && t.user().equals(chat.bob().userId()) && t.active());
    assertSilentSince(chat.b(), mark);
  }

  /** A new group of alice (admin) and bob. */
  private static String group(Chat chat) {
    return changed(
            chat.a()
                .request(
                    new ClientFrame.CreateGroup(
                        chat.a().nextRef(), UUID.randomUUID().toString(), "G", List.of("bob"))))
        .conv();
  }

  private static ServerFrame.GroupChanged changed(ServerFrame reply) {
    assertThat(reply).isInstanceOf(ServerFrame.GroupChanged.class);
    return (ServerFrame.GroupChanged) reply;
  }

  private static void createGroup(Chat chat) {
    assertThat(group(chat)).startsWith("g.");
  }

  private static void groupAdd(Chat chat) {
    String conv = group(chat);
    chat.server().register("carol", "violet-harbour-71", "phone");
    assertThat(
            changed(
                    chat.a()
                        .request(
                            new ClientFrame.GroupAdd(chat.a().nextRef(), conv, List.of("carol"))))
                .seq())
        .isEqualTo(2);
  }

  private static void groupRemove(Chat chat) {
    String conv = group(chat);
    changed(
        chat.a()
            .request(new ClientFrame.GroupRemove(chat.a().nextRef(), conv, chat.bob().userId())));
  }

  private static void groupLeave(Chat chat) {
    String conv = group(chat);
    changed(chat.b().request(new ClientFrame.GroupLeave(chat.b().nextRef(), conv)));
  }

  private static void groupAdmin(Chat chat) {
    String conv = group(chat);
    changed(
        chat.a()
            .request(
                new ClientFrame.GroupAdmin(chat.a().nextRef(), conv, chat.bob().userId(), true)));
  }

  private static void groupRename(Chat chat) {
    String conv = group(chat);
    changed(chat.a().request(new ClientFrame.GroupRename(chat.a().nextRef(), conv, "New")));
  }

  private static void groupInfo(Chat chat) {
    String conv = group(chat);
    ServerFrame reply =
        chat.b().request(new ClientFrame.GroupInfo(chat.b().nextRef(), conv, null, null));
    assertThat(reply).isInstanceOf(ServerFrame.GroupInfo.class);
    assertThat(((ServerFrame.GroupInfo) reply).size()).isEqualTo(2);
  }

  private static void readBy(Chat chat) {
    String conv = group(chat);
    long seq = chat.a().sendMessage(conv, "who reads this").seq();
    ServerFrame reply =
        chat.a().request(new ClientFrame.ReadBy(chat.a().nextRef(), conv, seq, "read", null, null));
    assertThat(reply).isInstanceOf(ServerFrame.ReadBy.class);
  }

  private static void users(Chat chat) {
    ServerFrame reply =
        chat.a().request(new ClientFrame.Users(chat.a().nextRef(), List.of(chat.bob().userId())));
    assertThat(reply).isInstanceOf(ServerFrame.Users.class);
    assertThat(((ServerFrame.Users) reply).users())
        .extracting(p -> p.handle())
        .containsExactly("bob");
  }

  private static void awaitReceipt(Chat chat, Predicate<FeedEvent.Receipt> position) {
    Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () ->
                chat.a().receipts().stream()
                    .anyMatch(r -> r.user().equals(chat.bob().userId()) && position.test(r)));
  }

  private static <T extends ServerFrame> T awaitAfter(
      TestSocket socket, int mark, Class<T> type, Predicate<T> match) {
    return Awaitility.await()
        .atMost(TestSocket.WAIT)
        .until(
            () ->
                socket.frames().subList(mark, socket.frames().size()).stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(match)
                    .findFirst(),
            Optional::isPresent)
        .get();
  }

  /**
   * The session got nothing but pushes since {@code mark}. Called once the frame's effect was seen
   * elsewhere (so it did not fail later); a refusal (rate limit, bad conversation) is pushed while
   * the frame is handled, and one session's frames are handled in order: it would be in by the pong
   * of a ping sent now.
   */
  private static void assertSilentSince(TestSocket socket, int mark) {
    ServerFrame pong = socket.request(new ClientFrame.Ping(socket.nextRef()));
    List<ServerFrame> since = socket.frames().subList(mark, socket.frames().size());
    assertThat(since)
        .filteredOn(f -> f != pong && !isPush(f))
        .as("frames answering a frame documented without a reply")
        .isEmpty();
  }

  /** Frames the server sends unasked: they may arrive at any time and answer nothing. */
  private static boolean isPush(ServerFrame frame) {
    return frame instanceof ServerFrame.Feed
        || frame instanceof ServerFrame.Typing
        || (frame instanceof ServerFrame.Presence p && p.ref() == null);
  }
}
