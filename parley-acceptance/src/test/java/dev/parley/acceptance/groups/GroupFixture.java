package dev.parley.acceptance.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Group requests as tests make them: each returns the server's answer to it. */
final class GroupFixture {
  private static final AtomicInteger REFS = new AtomicInteger();

  private GroupFixture() {}

  static String ref() {
    return "g" + REFS.incrementAndGet();
  }

  static ServerFrame.GroupChanged create(TestSocket s, String title, String... handles) {
    return changed(
        s.request(
            new ClientFrame.CreateGroup(
                ref(), UUID.randomUUID().toString(), title, List.of(handles))));
  }

  static ServerFrame.GroupChanged changed(ServerFrame frame) {
    assertThat(frame).isInstanceOf(ServerFrame.GroupChanged.class);
    return (ServerFrame.GroupChanged) frame;
  }

  static ServerFrame.Error error(ServerFrame frame) {
    assertThat(frame).isInstanceOf(ServerFrame.Error.class);
    return (ServerFrame.Error) frame;
  }

  static ServerFrame add(TestSocket s, String conv, String... handles) {
    return s.request(new ClientFrame.GroupAdd(ref(), conv, List.of(handles)));
  }

  static ServerFrame remove(TestSocket s, String conv, String user) {
    return s.request(new ClientFrame.GroupRemove(ref(), conv, user));
  }

  static ServerFrame send(TestSocket s, String conv, String body) {
    return s.request(new ClientFrame.Send(ref(), UUID.randomUUID().toString(), conv, body));
  }

  static ServerFrame.History history(TestSocket s, String conv) {
    ServerFrame f = s.request(new ClientFrame.History(ref(), conv, null, 200));
    assertThat(f).isInstanceOf(ServerFrame.History.class);
    return (ServerFrame.History) f;
  }
}
