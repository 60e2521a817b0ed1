package dev.parley.acceptance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.server.push.ReferencePushGateway;
import dev.parley.testing.TestApi;
import dev.parley.testing.TestDevice;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push notifications in cluster mode: each message to an offline device is notified by one node,
 * not one per node, and notifications queued on a node that is killed with -9 are sent by the node
 * that takes over its feed partitions.
 */
class ClusterPushTest {
  private static final String PASSWORD = "violet-harbour-71";
  private static final int RECIPIENTS = 12; // spread over the 6 feed partitions of 3 nodes

  @TempDir Path dir;

  @Test
  void oneNotificationPerMessageFromOneNodeAlsoWhenANodeWithPendingOnesIsKilled() throws Exception {
    try (ReferencePushGateway gateway = ReferencePushGateway.start("127.0.0.1", 0, n -> {});
        ProcessCluster cluster =
            new ProcessCluster(
                dir,
                List.of(
                    "--push-gateways",
                    "dev=" + gateway.url(),
                    "--push-coalesce-ms",
                    "0",
                    "--push-retry-max-ms",
                    "500"))) {
      TestApi api = cluster.api();
      TestDevice alice = api.register("alice", PASSWORD, "phone");
      List<String> handles = new ArrayList<>();
      for (int i = 0; i < RECIPIENTS; i++) {
        String handle = "bob" + i;
        TestDevice bob = api.register(handle, PASSWORD, "phone");
        HttpResponse<String> registered =
            api.send("PUT", "/v1/push", Map.of("gateway", "dev", "key", key(i)), bob.token());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        handles.add(handle);
      }
      ParleyClient sender = cluster.client(alice, dir.resolve("alice.db"), new ParleyListener() {});
      try {
        List<String> convs = new ArrayList<>();
        for (String handle : handles) {
          convs.add(sender.open(handle).get(60, TimeUnit.SECONDS).conv());
        }

        // Every recipient is offline: one notification each, from one node.
        sendToAll(sender, convs, "first");
        awaitEach(gateway, 1);

        // The gateway is down: each node keeps retrying its users' notifications, queued in
        // Cassandra; then a node dies with its share of them.
        gateway.answer(503);
        sendToAll(sender, convs, "second");
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> gateway.refused() >= RECIPIENTS);
        cluster.kill(2);
        gateway.answer(200);
        awaitEach(gateway, 2);

        // After the take-over, new messages notify once as well.
        sendToAll(sender, convs, "third");
        awaitEach(gateway, 3);
        for (int i = 0; i < RECIPIENTS; i++) {
          List<Long> seqs = new ArrayList<>();
          String k = key(i);
          for (JsonNode n : gateway.received()) {
            if (k.equals(key(n))) {
              assertThat(n.path("type").asText()).isEqualTo("message");
              seqs.add(n.path("seq").asLong());
            }
          }
          assertThat(seqs).as("notified seqs of %s", k).containsExactly(1L, 2L, 3L);
        }
      } finally {
        sender.close();
      }
    }
  }

  private static void sendToAll(ParleyClient sender, List<String> convs, String body) {
    for (String conv : convs) {
      sender.send(conv, body);
    }
  }

  /** Waits until every recipient's key got at least {@code count} notifications. */
  private static void awaitEach(ReferencePushGateway gateway, int count) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(7))
        .until(
            () -> {
              List<JsonNode> received = gateway.received();
              for (int i = 0; i < RECIPIENTS; i++) {
                String k = key(i);
                if (received.stream().filter(n -> k.equals(key(n))).count() < count) {
                  return false;
                }
              }
              return true;
            });
  }

  private static String key(int i) {
    return "bob-key-" + i;
  }

  private static String key(JsonNode notification) {
    return notification.path("device").path("key").asText();
  }
}
