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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a node in the middle of a 10,000-message load: its clients reconnect through the load
 * balancer to the survivors and catch up, its partitions move to the survivors, and no message is
 * lost, stored twice, shown twice or reordered.
 */
class NodeKillTest {
  private static final int PAIRS = 20;
  private static final int PER_SENDER = 500;

  @TempDir Path dir;

  @Test
  void killingANodeMidLoadLosesDuplicatesAndReordersNothing() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir)) {
      TestApi api = cluster.api();
      List<ParleyClient> clients = new ArrayList<>();
      List<Recorder> recipients = new ArrayList<>();
      List<ParleyClient> senders = new ArrayList<>();
      List<String> convs = new ArrayList<>();
      List<List<String>> ids = new ArrayList<>();
      try {
        for (int p = 0; p < PAIRS; p++) {
          TestDevice from = api.register("sender" + p, "violet-harbour-71", "phone");
          TestDevice to = api.register("recipient" + p, "violet-harbour-71", "phone");
          Recorder recorder = new Recorder();
          ParleyClient recipient = cluster.client(to, dir.resolve("r" + p + ".db"), recorder);
          ParleyClient sender =
              cluster.client(from, dir.resolve("s" + p + ".db"), new ParleyListener() {});
          clients.add(recipient);
          clients.add(sender);
          recipients.add(recorder);
          senders.add(sender);
          convs.add(sender.open("recipient" + p).get(30, TimeUnit.SECONDS).conv());
          ids.add(new ArrayList<>());
        }
        for (int i = 0; i < PER_SENDER; i++) {
          for (int p = 0; p < PAIRS; p++) {
            ids.get(p).add(senders.get(p).send(convs.get(p), "m" + i).id());
          }
        }
        // Mid-load: a node dies the hard way, with its clients, its sessions and its partitions.
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    recipients.stream().mapToInt(r -> r.messages.size()).sum()
                        >= PAIRS * PER_SENDER / 4);
        cluster.kill(2);

        Awaitility.await()
            .atMost(Duration.ofMinutes(4))
            .until(
                () ->
                    senders.stream().allMatch(s -> s.pendingCount() == 0)
                        && IntStream.range(0, PAIRS)
                            .allMatch(
                                p -> recipients.get(p).bodies(convs.get(p)).size() >= PER_SENDER));

        List<String> expected = IntStream.range(0, PER_SENDER).mapToObj(i -> "m" + i).toList();
        for (int p = 0; p < PAIRS; p++) {
          String conv = convs.get(p);
          Recorder r = recipients.get(p);
          assertThat(r.bodies(conv))
              .as("pair %d as shown on the recipient's device", p)
              .containsExactlyElementsOf(expected);
          assertThat(r.seqs(conv)).as("pair %d sequence", p).isSorted().doesNotHaveDuplicates();
          ParleyClient sender = senders.get(p);
          assertThat(ids.get(p))
              .allSatisfy(
                  id ->
                      assertThat(sender.status(id))
                          .get()
                          .isNotIn(MessageStatus.PENDING, MessageStatus.FAILED));
          assertThat(ProcessCluster.history(clients.get(2 * p), conv))
              .as("pair %d as stored", p)
              .containsExactlyElementsOf(expected);
        }
      } finally {
        clients.forEach(ParleyClient::close);
      }
    }
  }

  /** Every message the device was shown, in the order it was shown. */
  private static final class Recorder implements ParleyListener {
    final List<Message> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
      messages.add(message);
    }

    List<String> bodies(String conv) {
      return messages.stream().filter(m -> m.conv().equals(conv)).map(Message::body).toList();
    }

    List<Long> seqs(String conv) {
      return messages.stream().filter(m -> m.conv().equals(conv)).map(Message::seq).toList();
    }
  }
}
