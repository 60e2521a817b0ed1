package dev.parley.acceptance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.testing.TestApi;
import dev.parley.testing.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a node while a group whose members sit on all three nodes streams messages: the
 * members' clients reconnect to the survivors and catch up, the group's partitions move, and every
 * member's device shows every message once, in the group's order; retried sends are stored once.
 */
class GroupNodeKillTest {
  private static final int SENDERS = 3;
  private static final int READERS = 6;
  private static final int PER_SENDER = 200;
  private static final String PASSWORD = "amber-quarry-64";

  @TempDir Path dir;

  @Test
  void killingANodeDuringGroupFanOutLosesDuplicatesAndReordersNothing() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir)) {
      TestApi api = cluster.api();
      List<ParleyClient> clients = new ArrayList<>();
      try {
        List<ParleyClient> senders = new ArrayList<>();
        List<Recorder> readers = new ArrayList<>();
        List<String> handles = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
          TestDevice device = api.register("gsender" + s, PASSWORD, "phone");
          ParleyClient sender =
              cluster.client(device, dir.resolve("s" + s + ".db"), new ParleyListener() {});
          senders.add(sender);
          clients.add(sender);
          handles.add("gsender" + s);
        }
        for (int r = 0; r < READERS; r++) {
          TestDevice device = api.register("greader" + r, PASSWORD, "phone");
          Recorder recorder = new Recorder();
          clients.add(cluster.client(device, dir.resolve("r" + r + ".db"), recorder));
          readers.add(recorder);
          handles.add("greader" + r);
        }
        // Round robin in the balancer: the nine members sit on all three nodes.
        String conv =
            senders
                .get(0)
                .createGroup("Kill -9", handles.subList(1, handles.size()))
                .get(30, TimeUnit.SECONDS)
                .conv();

        List<List<String>> ids = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
          ids.add(new ArrayList<>());
        }
        for (int i = 0; i < PER_SENDER; i++) {
          for (int s = 0; s < SENDERS; s++) {
            ids.get(s).add(senders.get(s).send(conv, "s" + s + "-" + i).id());
          }
        }
        int total = SENDERS * PER_SENDER;
        // Mid-stream: a node dies with its members' sessions, its partitions and its fan-out.
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    readers.stream().mapToInt(r -> r.shown(conv).size()).sum()
                        >= READERS * total / 4);
        cluster.kill(2);

        // A liveness bound, not a speed target: at load 25 (the suite beside three builds) the
        // survivors took over 4 minutes to take over the partitions and drain the outboxes.
        Awaitility.await()
            .atMost(Duration.ofMinutes(7))
            .until(
                () ->
                    senders.stream().allMatch(s -> s.pendingCount() == 0)
                        && readers.stream().allMatch(r -> r.shown(conv).size() >= total));

        List<String> stored = ProcessCluster.history(senders.get(1), conv);
        List<String> storedMessages = stored.stream().filter(b -> !b.isEmpty()).toList();
        assertThat(storedMessages).as("stored once each").hasSize(total).doesNotHaveDuplicates();
        for (int s = 0; s < SENDERS; s++) {
          String prefix = "s" + s + "-";
          assertThat(storedMessages.stream().filter(b -> b.startsWith(prefix)).toList())
              .as("sender %d's messages in the order sent", s)
              .containsExactlyElementsOf(
                  IntStream.range(0, PER_SENDER).mapToObj(i -> prefix + i).toList());
          ParleyClient sender = senders.get(s);
          assertThat(ids.get(s))
              .allSatisfy(
                  id ->
                      assertThat(sender.status(id))
                          .get()
                          .isNotIn(MessageStatus.PENDING, MessageStatus.FAILED));
        }
        for (int r = 0; r < READERS; r++) {
          Recorder reader = readers.get(r);
          assertThat(reader.shown(conv))
              .as("reader %d's device, in the group's order", r)
              .containsExactlyElementsOf(storedMessages);
          assertThat(reader.seqs(conv))
              .as("reader %d's seqs", r)
              .isSortedAccordingTo(Comparator.naturalOrder())
              .doesNotHaveDuplicates();
        }
      } finally {
        clients.forEach(ParleyClient::close);
      }
    }
  }

  /** Every group message (not membership changes) the device was shown, in the order shown. */
  private static final class Recorder implements ParleyListener {
    final List<Message> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
      if (!message.isMembershipChange()) {
        messages.add(message);
      }
    }

    List<String> shown(String conv) {
      return messages.stream().filter(m -> m.conv().equals(conv)).map(Message::body).toList();
    }

    List<Long> seqs(String conv) {
      return messages.stream().filter(m -> m.conv().equals(conv)).map(Message::seq).toList();
    }
  }
}
