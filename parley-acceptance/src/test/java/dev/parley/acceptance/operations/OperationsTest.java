package dev.parley.acceptance.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Health, readiness, metrics and graceful shutdown, as an operator sees them. */
class OperationsTest {

  @Test
  void metricsShowTheCountersMoving() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice bob = server.register("bob", "password1", "phone");
      String before = server.metrics();
      assertThat(before).contains("jvm_memory_used_bytes").contains("parley_connections");
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        String conv = a.opened("bob");
        for (int i = 0; i < 10; i++) {
          a.sendMessage(conv, "m" + i);
        }
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> b.messages(conv).size() == 10);
        a.sendRaw("{\"type\":\"nope\"}");
        a.awaitFrame(ServerFrame.Error.class::isInstance);
        String after = server.metrics();
        assertThat(value(after, "parley_messages_received_total")).isEqualTo(10);
        assertThat(value(after, "parley_messages_delivered_total")).isEqualTo(10);
        assertThat(value(after, "parley_connections")).isEqualTo(2);
        assertThat(value(after, "parley_send_durable_seconds_count")).isEqualTo(10);
        assertThat(value(after, "parley_delivery_seconds_count")).isEqualTo(10);
        assertThat(after).contains("parley_frames_rejected_total{reason=\"unknown_type\"} 1.0");
        assertThat(after).contains("parley_presence_fanout_total");
        assertThat(after).contains("parley_sync_batch_events_count");
      }
    }
  }

  @Test
  void gracefulShutdownTellsClientsToReconnectAndLosesNothing() {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "password1", "phone");
      TestDevice bob = server.register("bob", "password1", "phone");
      Map<String, Long> acked = new HashMap<>();
      String conv;
      try (TestSocket a = TestSocket.connectAndSync(server, alice, null);
          TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        conv = a.opened("bob");
        for (int i = 0; i < 500; i++) {
          a.send(new ClientFrame.Send("g" + i, UUID.randomUUID().toString(), conv, "m" + i));
        }
        server.stop();
        assertThat(a.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(b.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
        for (ServerFrame f : a.frames()) {
          if (f instanceof ServerFrame.Sent s) {
            acked.put(s.id(), s.seq());
          }
        }
      }
      server.begin();
      try (TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        ServerFrame.History h =
            (ServerFrame.History) b.request(new ClientFrame.History("h", conv, null, 200));
        Map<String, Long> stored = new HashMap<>();
        for (FeedEvent.Message m : h.messages()) {
          stored.put(m.id(), m.seq());
        }
        ServerFrame.History older = h;
        while (older.next() != null) {
          older =
              (ServerFrame.History)
                  b.request(new ClientFrame.History(b.nextRef(), conv, older.next(), 200));
          older.messages().forEach(m -> stored.put(m.id(), m.seq()));
        }
        acked.forEach((id, seq) -> assertThat(stored).containsEntry(id, seq));
      }
    }
  }

  @Test
  void readinessFollowsTheServer() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.get("/readyz", null).body()).contains("ready");
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  private static double value(String metrics, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(metrics);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
      found = true;
    }
    assertThat(found)
        .as(
            "metric %s in %n%s",
            name, metrics.length() > 2000 ? metrics.substring(0, 2000) : metrics)
        .isTrue();
    return sum;
  }
}
