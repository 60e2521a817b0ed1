package dev.parley.acceptance.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a group's fan-out: every acknowledged message is stored once, in order,
 * and every member device that was online gets each message exactly once between what it got live
 * and what it catches up on after the restart.
 */
class GroupKillNineTest {
  private static final int MEMBERS = 120;
  private static final int ONLINE = 6;
  private static final int BURST = 100;
  private static final int BURSTS_BEFORE_KILL = 5;

  @Test
  void aGroupFanOutKilledMidwayLosesAndDoublesNothing(@TempDir Path tmp) {
    try (ServerProcess server =
        ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"))) {
      TestDevice alice = server.api().register("alice", "violet-harbour-71", "phone");
      List<String> handles = new ArrayList<>();
      List<TestDevice> online = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        TestDevice d = server.api().register("member" + i, "violet-harbour-71", "phone");
        handles.add(d.handle());
        if (i < ONLINE) {
          online.add(d);
        }
      }
      Map<String, Long> acked = new HashMap<>();
      List<String> ids = new ArrayList<>();
      String conv;
      List<TestSocket> members = new ArrayList<>();
      Map<TestDevice, List<Long>> seen = new HashMap<>();
      Map<TestDevice, String> cursors = new HashMap<>();
      try (TestSocket a = TestSocket.connect(server.wsUri(), alice)) {
        a.sync(null);
        ServerFrame created =
            a.request(
                new ClientFrame.CreateGroup(
                    "c", UUID.randomUUID().toString(), "Big", handles.subList(0, 100)));
        conv = ((ServerFrame.GroupChanged) created).conv();
        a.request(new ClientFrame.GroupAdd("add", conv, handles.subList(100, MEMBERS)));
        for (TestDevice d : online) {
          TestSocket s = TestSocket.connect(server.wsUri(), d);
          s.sync(null);
          members.add(s);
        }
        for (int burst = 0; burst <= BURSTS_BEFORE_KILL; burst++) {
          for (int i = 0; i < BURST; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            a.send(new ClientFrame.Send(id, id, conv, "message " + ids.size()));
          }
          if (burst < BURSTS_BEFORE_KILL) {
            int expected = ids.size();
            Awaitility.await()
                .atMost(TestSocket.WAIT)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> a.count(ServerFrame.Sent.class) == expected);
          }
        }
        server.kill();
        a.awaitClose();
        for (ServerFrame f : a.frames()) {
          if (f instanceof ServerFrame.Sent s) {
            acked.put(s.id(), s.seq());
          }
        }
        for (int i = 0; i < ONLINE; i++) {
          TestSocket s = members.get(i);
          s.awaitClose();
          seen.put(online.get(i), seqs(s.messages(conv)));
          cursors.put(online.get(i), s.cursor());
          s.close();
        }
      }
      assertThat(acked.size()).isGreaterThanOrEqualTo(BURST * BURSTS_BEFORE_KILL);

      server.begin();
      List<FeedEvent.Message> stored;
      try (TestSocket a = TestSocket.connect(server.wsUri(), alice)) {
        stored = allHistory(a, conv);
      }
      Map<String, Long> storedIds = new HashMap<>();
      for (int i = 0; i < stored.size(); i++) {
        FeedEvent.Message m = stored.get(i);
        assertThat(m.seq()).as("sequence is contiguous").isEqualTo(i + 1);
        assertThat(storedIds.put(m.id(), m.seq())).as("stored twice: %s", m.id()).isNull();
      }
      acked.forEach(
          (id, seq) -> assertThat(storedIds).as("acknowledged %s", id).containsEntry(id, seq));
      long last = stored.get(stored.size() - 1).seq();

      for (TestDevice d : online) {
        try (TestSocket s = TestSocket.connect(server.wsUri(), d)) {
          s.sync(cursors.get(d));
          List<Long> all = new ArrayList<>(seen.get(d));
          all.addAll(seqs(s.messages(conv)));
          assertThat(all).as("%s got each message once, in order", d.handle()).isSorted();
          assertThat(all).doesNotHaveDuplicates();
          assertThat(all.get(all.size() - 1)).isEqualTo(last);
          // Online from after the creation (1) and the second addition (2): nothing is missing.
          assertThat(all.get(0)).isEqualTo(3);
          assertThat(all).hasSize((int) last - 2);
        }
      }
    }
  }

  private static List<Long> seqs(List<FeedEvent.Message> messages) {
    return new ArrayList<>(messages.stream().map(FeedEvent.Message::seq).toList());
  }

  private static List<FeedEvent.Message> allHistory(TestSocket s, String conv) {
    List<FeedEvent.Message> out = new ArrayList<>();
    String before = null;
    do {
      ServerFrame.History page =
          (ServerFrame.History) s.request(new ClientFrame.History(s.nextRef(), conv, before, 200));
      out.addAll(0, page.messages());
      before = page.next();
    } while (before != null);
    return out;
  }
}
