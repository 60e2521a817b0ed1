package dev.parley.acceptance.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a flood of reads and writes stops the server cleanly (exit code 0, no
 * crash of a read on a closed store), and every message acknowledged {@code sent} is there after
 * the restart.
 */
class ShutdownUnderLoadTest {
  private static final int ROUNDS = 3;
  private static final int READERS = 3;
  private static final String BODY = "x".repeat(2_000);

  @Test
  void sigtermDuringHeavyReadsAndWritesExitsCleanlyAndLosesNothing(@TempDir Path tmp)
      throws Exception {
    Path log = tmp.resolve("server.log");
    try (ServerProcess server =
        ServerProcess.start(
            tmp.resolve("data"),
            log,
            // No read limits: seconds of reads are queued when SIGTERM comes.
            List.of(
                "--rate-reads",
                "1000000/1000000",
                "--rate-opens",
                "1000000/1000000",
                "--max-pending-reads",
                "1000000"))) {
      TestDevice alice = server.api().register("alice", "violet-harbour-71", "phone");
      server.api().register("bob", "violet-harbour-71", "phone");
      List<TestDevice> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        readers.add(server.api().login("alice", "violet-harbour-71", "reader " + i));
      }
      Map<String, Long> acked = new HashMap<>();
      String conv = null;
      for (int round = 0; round < ROUNDS; round++) {
        List<TestSocket> sockets = new ArrayList<>();
        try (TestSocket writer = TestSocket.connect(server.wsUri(), alice)) {
          conv = writer.opened("bob");
          for (int i = 0; i < 200; i++) {
            String id = UUID.randomUUID().toString();
            writer.send(new ClientFrame.Send(id, id, conv, BODY));
          }
          Awaitility.await()
              .atMost(TestSocket.WAIT)
              .until(() -> writer.count(ServerFrame.Sent.class) >= 20);
          for (TestDevice reader : readers) {
            TestSocket s = TestSocket.connect(server.wsUri(), reader);
            sockets.add(s);
            // A reader that does not read its answers: the server keeps reading for it anyway,
            // until it cuts the connection as a slow consumer (its queued reads still run).
            s.pause();
            try {
              for (int i = 0; i < 2_000; i++) {
                s.send(new ClientFrame.History("h" + i, conv, null, 200));
                if (i % 500 == 0) {
                  s.send(new ClientFrame.Sync("0"));
                }
              }
            } catch (RuntimeException cut) {
              // Cut as a slow consumer: what it sent so far is queued on the server.
            }
          }
          // Mid-flood: writes still in flight, reads queued and running.
          for (int i = 0; i < 200; i++) {
            String id = UUID.randomUUID().toString();
            writer.send(new ClientFrame.Send(id, id, conv, "late " + round + " " + i));
          }
          int exit = server.terminate();
          assertThat(exit).as("exit code after SIGTERM; see %s", log).isZero();
          writer.awaitClose();
          for (ServerFrame f : writer.frames()) {
            if (f instanceof ServerFrame.Sent s) {
              acked.put(s.id(), s.seq());
            }
          }
        } finally {
          sockets.forEach(TestSocket::close);
        }
        assertThat(Files.readString(log)).doesNotContain("SIGSEGV", "hs_err");
        server.begin();
      }
      assertThat(acked).hasSizeGreaterThan(20 * ROUNDS);

      try (TestSocket b = TestSocket.connect(server.wsUri(), readers.get(0))) {
        Map<String, Long> stored = new HashMap<>();
        String before = null;
        do {
          ServerFrame.History page =
              (ServerFrame.History)
                  b.request(new ClientFrame.History(b.nextRef(), conv, before, 200));
          for (FeedEvent.Message m : page.messages()) {
            assertThat(stored.put(m.id(), m.seq())).as("stored twice: %s", m.id()).isNull();
          }
          before = page.next();
        } while (before != null);
        acked.forEach(
            (id, seq) -> assertThat(stored).as("acknowledged %s", id).containsEntry(id, seq));
      }
    }
  }
}
