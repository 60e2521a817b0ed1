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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After kill -9 of the server, no message whose sent was acknowledged is missing, and none is
 * doubled.
 */
class KillNineTest {
  private static final int BURST = 100;
  private static final int BURSTS_BEFORE_KILL = 15;

  @Test
  void acknowledgedMessagesSurviveKillNine(@TempDir Path tmp) {
    try (ServerProcess server =
        ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"))) {
      TestDevice alice = server.api().register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.api().register("bob", "violet-harbour-71", "phone");
      List<String> ids = new ArrayList<>();
      Map<String, Long> acked = new HashMap<>();
      String conv;
      try (TestSocket a = TestSocket.connect(server.wsUri(), alice)) {
        a.sync(null);
        conv = a.opened("bob");
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
        // The last burst is in flight: some of it durable and acknowledged, some not yet.
        server.kill();
        a.awaitClose();
        for (ServerFrame f : a.frames()) {
          if (f instanceof ServerFrame.Sent s) {
            acked.put(s.id(), s.seq());
          }
        }
      }
      assertThat(acked.size()).isGreaterThanOrEqualTo(BURST * BURSTS_BEFORE_KILL);

      server.begin();
      try (TestSocket b = TestSocket.connect(server.wsUri(), bob)) {
        List<FeedEvent.Message> stored = allHistory(b, conv);
        Map<String, Long> storedIds = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
          FeedEvent.Message m = stored.get(i);
          assertThat(m.seq()).as("sequence is contiguous").isEqualTo(i + 1);
          assertThat(storedIds.put(m.id(), m.seq())).as("stored twice: %s", m.id()).isNull();
        }
        acked.forEach(
            (id, seq) -> assertThat(storedIds).as("acknowledged %s", id).containsEntry(id, seq));
      }

      // The client's retry of everything after the crash stores nothing twice.
      try (TestSocket a = TestSocket.connect(server.wsUri(), alice)) {
        for (String id : ids) {
          a.send(new ClientFrame.Send(id, id, conv, "retry"));
        }
        Awaitility.await()
            .atMost(TestSocket.WAIT)
            .until(() -> a.count(ServerFrame.Sent.class) == ids.size());
        for (ServerFrame f : a.frames()) {
          if (f instanceof ServerFrame.Sent s && acked.containsKey(s.id())) {
            assertThat(s.seq()).isEqualTo(acked.get(s.id()));
          }
        }
        List<FeedEvent.Message> after = allHistory(a, conv);
        assertThat(after).hasSize(ids.size());
        Set<String> unique = new HashSet<>();
        after.forEach(m -> unique.add(m.id()));
        assertThat(unique).containsExactlyInAnyOrderElementsOf(ids);
      }
    }
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
