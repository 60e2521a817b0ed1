package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two devices of one user converge on the same read state; the sender's ticks follow. */
class ReadStateConvergenceTest {
  @TempDir Path dir;

  @Test
  void twoDevicesOfOneUserConvergeOnReadPositionsAndTheSenderSeesTicks() throws Exception {
    try (TestServer server = TestServer.start()) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bobPhone = server.register("bob", "violet-harbour-71", "phone");
      TestDevice bobLaptop = server.login("bob", "violet-harbour-71", "laptop");
      RecordingListener aliceEvents = new RecordingListener();
      RecordingListener phoneEvents = new RecordingListener();
      RecordingListener laptopEvents = new RecordingListener();
      try (ParleyClient sender =
              TestClients.started(
                  server.httpUri(), alice.token(), dir.resolve("alice.db"), aliceEvents);
          ParleyClient phone =
              TestClients.started(
                  server.httpUri(), bobPhone.token(), dir.resolve("phone.db"), phoneEvents);
          ParleyClient laptop =
              TestClients.started(
                  server.httpUri(), bobLaptop.token(), dir.resolve("laptop.db"), laptopEvents)) {
        phoneEvents.awaitSynced();
        laptopEvents.awaitSynced();
        aliceEvents.awaitSynced();
        String conv = sender.open("bob").get(10, TimeUnit.SECONDS).conv();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
          ids.add(sender.send(conv, "hello " + i).id());
        }
        await()
            .until(
                () ->
                    phoneEvents.bodies(conv).size() == 5 && laptopEvents.bodies(conv).size() == 5);
        await()
            .until(
                () ->
                    ids.stream()
                        .allMatch(
                            id -> aliceEvents.latestStatus.get(id) == MessageStatus.DELIVERED));
        assertThat(phone.unreadCount(conv)).isEqualTo(5);

        long third = phoneEvents.messages.get(2).seq();
        phone.markRead(conv, third);
        await().atMost(Duration.ofSeconds(10)).until(() -> laptop.readPosition(conv) == third);
        assertThat(laptop.unreadCount(conv)).isEqualTo(2);
        assertThat(phone.unreadCount(conv)).isEqualTo(2);
        // The listener hears of it after the store has it (the event follows the commit).
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(laptopEvents.positions)
                        .anySatisfy(
                            p -> {
                              assertThat(p.self()).isTrue();
                              assertThat(p.read()).isEqualTo(third);
                            }));

        long last = laptopEvents.messages.get(4).seq();
        laptop.markRead(conv, last);
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.readPosition(conv) == last);
        assertThat(phone.unreadCount(conv)).isZero();
        assertThat(laptop.unreadCount(conv)).isZero();

        await()
            .until(
                () ->
                    ids.stream()
                        .allMatch(id -> aliceEvents.latestStatus.get(id) == MessageStatus.READ));
        assertThat(sender.status(ids.get(0))).contains(MessageStatus.READ);
        // Ticks only move forward: each message went SENT, DELIVERED, READ in that order.
        for (String id : ids) {
          assertThat(
                  aliceEvents.changes.stream()
                      .filter(c -> c.id().equals(id))
                      .map(StatusChange::status))
              .containsExactly(
                  MessageStatus.PENDING,
                  MessageStatus.SENT,
                  MessageStatus.DELIVERED,
                  MessageStatus.READ);
        }
      }
    }
  }
}
