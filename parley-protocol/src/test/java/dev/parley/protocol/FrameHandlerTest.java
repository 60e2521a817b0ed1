package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each frame's {@code accept} calls the handler method for its own type, once, with itself: the
 * compiler checks that a method exists for every type, not that a record calls the right one.
 */
class FrameHandlerTest {

  @Test
  void everyClientFrameCallsItsOwnMethod() {
    List<ClientFrame> samples =
        List.of(
            new ClientFrame.Auth("token"),
            new ClientFrame.Sync(null),
            new ClientFrame.Send("r", "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d", "c", "hi"),
            new ClientFrame.Received("c", 1),
            new ClientFrame.Read("c", 1),
            new ClientFrame.Open("r", "bob"),
            new ClientFrame.Conversations("r", null, null),
            new ClientFrame.History("r", "c", null, null),
            new ClientFrame.Ping("r"),
            new ClientFrame.Presence("r", List.of()),
            new ClientFrame.Typing("c", true),
            new ClientFrame.CreateGroup(
                "r", "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d", "Team", List.of("bob")),
            new ClientFrame.GroupAdd("r", "g", List.of("carol")),
            new ClientFrame.GroupRemove("r", "g", "u"),
            new ClientFrame.GroupLeave("r", "g"),
            new ClientFrame.GroupAdmin("r", "g", "u", true),
            new ClientFrame.GroupRename("r", "g", "Team 2"),
            new ClientFrame.GroupInfo("r", "g", null, null),
            new ClientFrame.ReadBy("r", "g", 1, "read", null, null),
            new ClientFrame.Users("r", List.of("u1")));
    assertThat(samples)
        .extracting(Object::getClass)
        .containsExactlyInAnyOrder(ClientFrame.class.getPermittedSubclasses());
    for (ClientFrame frame : samples) {
      assertCallsItsOwnMethod(frame, ClientFrame.Handler.class, frame::accept);
    }
  }

  @Test
  void everyServerFrameCallsItsOwnMethod() {
    List<ServerFrame> samples =
        List.of(
            new ServerFrame.Welcome(1, "u", "alice", "d", new ServerFrame.Limits(1, 1, 1)),
            new ServerFrame.Feed(List.of(), "c1"),
            new ServerFrame.Synced("c1", false),
            new ServerFrame.Sent("r", "id", "c", 1, 1),
            new ServerFrame.Opened("r", "c", new Peer("u", "bob")),
            new ServerFrame.Conversations("r", List.of(), null),
            new ServerFrame.History("r", "c", List.of(), null),
            new ServerFrame.Pong("r"),
            new ServerFrame.Presence(null, List.of()),
            new ServerFrame.Typing("c", "u", true),
            ServerFrame.Error.of("r", ErrorCode.INTERNAL, "failed"),
            new ServerFrame.GroupChanged("r", "g", 1, 1, false),
            new ServerFrame.GroupInfo("r", "g", "Team", 1, List.of(), null),
            new ServerFrame.ReadBy("r", "g", 1, "read", List.of(), null),
            new ServerFrame.Users("r", List.of(new Peer("u1", "bob"))));
    assertThat(samples)
        .extracting(Object::getClass)
        .containsExactlyInAnyOrder(ServerFrame.class.getPermittedSubclasses());
    for (ServerFrame frame : samples) {
      assertCallsItsOwnMethod(frame, ServerFrame.Handler.class, frame::accept);
    }
  }

  @Test
  void aServerFrameWithoutRefHasNullRefAndEncodesNone() {
    ServerFrame welcome =
        new ServerFrame.Welcome(1, "u", "alice", "d", new ServerFrame.Limits(1, 1, 1));
    assertThat(welcome.ref()).isNull();
    assertThat(new FrameCodec().encode(welcome)).doesNotContain("ref");
    assertThat(new ServerFrame.Pong("p1").ref()).isEqualTo("p1");
  }

  private record Call(Method method, Object argument) {}

  private static <H> void assertCallsItsOwnMethod(
      Object frame, Class<H> handlerType, Consumer<H> accept) {
    List<Call> calls = new ArrayList<>();
    Object recorder =
        Proxy.newProxyInstance(
            handlerType.getClassLoader(),
            new Class<?>[] {handlerType},
            (proxy, method, args) -> {
              calls.add(new Call(method, args[0]));
              return null;
            });
    accept.accept(handlerType.cast(recorder));
    assertThat(calls).as("handler calls for %s", frame).hasSize(1);
    assertThat(calls.get(0).method().getParameterTypes()).containsExactly(frame.getClass());
    assertThat(calls.get(0).argument()).isSameAs(frame);
  }
}
