package dev.parley.acceptance.push;

import static dev.parley.acceptance.push.PushFixture.PASSWORD;
import static dev.parley.acceptance.push.PushFixture.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.ServerProcess;
import dev.parley.testing.TestApi;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push notifications through a real HTTP gateway on an ephemeral port: who is woken, how often,
 * what a read clears, what mutes silence, and what survives a gateway outage, a dead key and a
 * crash.
 */
class PushNotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void anOfflineDeviceIsWokenOncePerCoalescingIntervalAndAnOnlineOneNever() {
    try (PushFixture push = new PushFixture(Duration.ofSeconds(4))) {
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice bobPhone = push.server.register("bob", PASSWORD, "phone");
      TestDevice bobLaptop = push.server.login("bob", PASSWORD, "laptop");
      assertStatus(push.registerPush(bobPhone, "bob-phone"), 200);
      assertStatus(push.registerPush(bobLaptop, "bob-laptop"), 200);
      try (TestSocket a = TestSocket.connectAndSync(push.server, alice, null);
          TestSocket laptop = TestSocket.connectAndSync(push.server, bobLaptop, null)) {
        String conv = a.opened("bob");
        ServerFrame.Sent first = a.sendMessage(conv, "one");
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 1);
        JsonNode n = push.receivedBy("bob-phone").get(0);
        assertThat(n.path("type").asText()).isEqualTo("message");
        assertThat(n.path("conv").asText()).isEqualTo(conv);
        assertThat(n.path("seq").asLong()).isEqualTo(first.seq());
        assertThat(n.path("unread").asInt()).isEqualTo(1);
        assertThat(n.path("from").path("handle").asText()).isEqualTo("alice");
        assertThat(n.path("user").asText()).isEqualTo(bobPhone.userId());
        assertThat(n.path("device").path("id").asText()).isEqualTo(bobPhone.deviceId());
        assertThat(n.has("body")).as("no previews unless the operator enables them").isFalse();

        // Within the interval, two more messages make one more notification, with the newest count.
        a.sendMessage(conv, "two");
        ServerFrame.Sent third = a.sendMessage(conv, "three");
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 2);
        JsonNode folded = push.receivedBy("bob-phone").get(1);
        assertThat(folded.path("seq").asLong()).isEqualTo(third.seq());
        assertThat(folded.path("unread").asInt()).isEqualTo(3);
        assertThat(folded.path("id").asText()).isNotEqualTo(n.path("id").asText());

        // The laptop had a live session throughout: it was never woken.
        assertThat(push.receivedBy("bob-laptop")).isEmpty();
        assertThat(laptop.messages(conv)).hasSize(3);
      }
    }
  }

  @Test
  void aGroupMessageWakesTheOfflineMembersButNotTheSenderOrThoseOnline() {
    try (PushFixture push = new PushFixture(Duration.ZERO)) {
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice bob = push.server.register("bob", PASSWORD, "phone");
      TestDevice carol = push.server.register("carol", PASSWORD, "phone");
      TestDevice dave = push.server.register("dave", PASSWORD, "phone");
      for (TestDevice d : List.of(alice, bob, carol, dave)) {
        assertStatus(push.registerPush(d, d.handle() + "-key"), 200);
      }
      try (TestSocket a = TestSocket.connectAndSync(push.server, alice, null);
          TestSocket c = TestSocket.connectAndSync(push.server, carol, null)) {
        ServerFrame created =
            a.request(
                new ClientFrame.CreateGroup(
                    a.nextRef(),
                    java.util.UUID.randomUUID().toString(),
                    "Trip",
                    List.of("bob", "carol", "dave")));
        String conv = ((ServerFrame.GroupChanged) created).conv();
        long seq = a.sendMessage(conv, "who is in?").seq();
        Awaitility.await()
            .atMost(WAIT)
            .until(
                () ->
                    push.receivedBy("bob-key").size() == 1
                        && push.receivedBy("dave-key").size() == 1);
        for (String key : List.of("bob-key", "dave-key")) {
          JsonNode n = push.receivedBy(key).get(0);
          assertThat(n.path("conv").asText()).isEqualTo(conv);
          assertThat(n.path("seq").asLong()).isEqualTo(seq);
          assertThat(n.path("from").path("handle").asText()).isEqualTo("alice");
        }
        // Sent in the same round as bob's and dave's: none came for the sender or the online
        // member.
        assertThat(push.receivedBy("alice-key")).isEmpty();
        assertThat(push.receivedBy("carol-key")).isEmpty();
        assertThat(c.messages(conv)).extracting(m -> m.seq()).contains(seq);
      }
    }
  }

  @Test
  void aReadOnAnyDeviceClearsAndAMutedConversationStaysQuiet() {
    try (PushFixture push =
        new PushFixture(Duration.ZERO, b -> b.set(ServerOptions.PUSH_IN_FLIGHT, 1))) {
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice carol = push.server.register("carol", PASSWORD, "phone");
      TestDevice bobPhone = push.server.register("bob", PASSWORD, "phone");
      TestDevice bobLaptop = push.server.login("bob", PASSWORD, "laptop");
      assertStatus(push.registerPush(bobPhone, "bob-phone"), 200);
      try (TestSocket a = TestSocket.connectAndSync(push.server, alice, null);
          TestSocket c = TestSocket.connectAndSync(push.server, carol, null);
          TestSocket laptop = TestSocket.connectAndSync(push.server, bobLaptop, null)) {
        String conv = a.opened("bob");
        long first = a.sendMessage(conv, "are you there?").seq();
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 1);

        laptop.send(new ClientFrame.Read(conv, first));
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 2);
        JsonNode clear = push.receivedBy("bob-phone").get(1);
        assertThat(clear.path("type").asText()).isEqualTo("clear");
        assertThat(clear.path("conv").asText()).isEqualTo(conv);
        assertThat(clear.path("seq").asLong()).isEqualTo(first);

        assertStatus(push.mute(bobLaptop, conv, null), 200);
        HttpMutes mutes = HttpMutes.of(push.server.api(), bobLaptop);
        assertThat(mutes.convs()).containsExactly(conv);
        assertThat(mutes.untils()).containsOnlyNulls();
        a.sendMessage(conv, "muted, so no buzz");
        // One gateway request at a time, in queue order: carol's comes after a muted one would.
        String carolConv = c.opened("bob");
        c.sendMessage(carolConv, "hi bob");
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 3);
        assertThat(push.receivedBy("bob-phone").get(2).path("conv").asText()).isEqualTo(carolConv);

        assertStatus(push.server.api().delete("/v1/mutes/" + conv, bobLaptop.token()), 204);
        long after = a.sendMessage(conv, "unmuted").seq();
        Awaitility.await().atMost(WAIT).until(() -> push.receivedBy("bob-phone").size() == 4);
        JsonNode back = push.receivedBy("bob-phone").get(3);
        assertThat(back.path("conv").asText()).isEqualTo(conv);
        assertThat(back.path("seq").asLong()).isEqualTo(after);
      }
    }
  }

  @Test
  void aGatewayThatIsDownGetsEveryNotificationOnceWhenItIsBackAndDeliveryNeverWaits() {
    try (PushFixture push = new PushFixture(Duration.ZERO)) {
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice dave = push.server.register("dave", PASSWORD, "phone");
      List<String> handles = List.of("bob", "carol", "erin", "frank", "grace");
      for (String h : handles) {
        assertStatus(
            push.registerPush(push.server.register(h, PASSWORD, "phone"), h + "-key"), 200);
      }
      push.gateway.answer(503);
      try (TestSocket a = TestSocket.connectAndSync(push.server, alice, null);
          TestSocket d = TestSocket.connectAndSync(push.server, dave, null)) {
        for (String h : handles) {
          a.sendMessage(a.opened(h), "wake up, " + h);
        }
        Awaitility.await()
            .atMost(WAIT)
            .until(
                () ->
                    push.metric("parley_push_notifications_total", "outcome=\"retried\"")
                        >= 2 * handles.size());
        // Meanwhile a user with a live session is served as always.
        String toDave = a.opened("dave");
        long seq = a.sendMessage(toDave, "online users do not wait for push").seq();
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> d.messages(toDave).stream().anyMatch(m -> m.seq() == seq));

        push.gateway.answer(200);
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> handles.stream().allMatch(h -> push.receivedBy(h + "-key").size() == 1));
        assertThat(push.gateway.received()).hasSize(handles.size());
        assertThat(push.metric("parley_push_notifications_total", "outcome=\"sent\""))
            .isEqualTo(handles.size());
      }
    }
  }

  @Test
  void aDeadKeyAndARevokedDeviceAreForgotten() {
    try (PushFixture push = new PushFixture(Duration.ZERO)) {
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice bobPhone = push.server.register("bob", PASSWORD, "phone");
      TestDevice bobTablet = push.server.login("bob", PASSWORD, "tablet");
      TestDevice bobLaptop = push.server.login("bob", PASSWORD, "laptop");
      assertStatus(push.registerPush(bobPhone, "uninstalled"), 200);
      assertStatus(push.registerPush(bobTablet, "tablet-key"), 200);
      assertThat(devicesWithPush(push.server.api(), bobLaptop))
          .containsExactlyInAnyOrder(bobPhone.deviceId(), bobTablet.deviceId());
      push.gateway.reject("uninstalled");

      try (TestSocket a = TestSocket.connectAndSync(push.server, alice, null)) {
        a.sendMessage(a.opened("bob"), "hello?");
        Awaitility.await()
            .atMost(WAIT)
            .until(
                () ->
                    devicesWithPush(push.server.api(), bobLaptop)
                        .equals(List.of(bobTablet.deviceId())));
        assertThat(push.receivedBy("tablet-key")).hasSize(1);
      }
      assertStatus(
          push.server.api().delete("/v1/devices/" + bobTablet.deviceId(), bobLaptop.token()), 204);
      assertThat(devicesWithPush(push.server.api(), bobLaptop)).isEmpty();
    }
  }

  @Test
  void registrationsAndMutesAreCheckedAndBelongToTheirOwner() {
    try (PushFixture push = new PushFixture(Duration.ZERO)) {
      TestApi api = push.server.api();
      TestDevice alice = push.server.register("alice", PASSWORD, "phone");
      TestDevice bob = push.server.register("bob", PASSWORD, "phone");
      TestDevice carol = push.server.register("carol", PASSWORD, "phone");
      assertError(
          api.send("PUT", "/v1/push", Map.of("gateway", "fcm", "key", "k"), alice.token()),
          400,
          "unknown_gateway");
      assertError(
          api.send("PUT", "/v1/push", Map.of("gateway", "dev"), alice.token()),
          400,
          "invalid_request");
      assertError(
          api.send("PUT", "/v1/push", Map.of("gateway", "dev", "key", "a\nb"), alice.token()),
          400,
          "invalid_request");
      assertError(
          api.send(
              "PUT", "/v1/push", Map.of("gateway", "dev", "key", "k".repeat(4097)), alice.token()),
          400,
          "invalid_request");
      assertError(
          api.send("PUT", "/v1/push", Map.of("gateway", "dev", "key", "k"), null),
          401,
          "unauthorized");
      assertStatus(push.registerPush(alice, "alice-key"), 200);
      JsonNode listed = TestServer.readJson(api.get("/v1/push", alice.token()).body());
      assertThat(listed.path("devices").get(0).path("current").asBoolean()).isTrue();
      assertThat(listed.toString()).doesNotContain("alice-key");

      try (TestSocket b = TestSocket.connectAndSync(push.server, bob, null)) {
        String bobAndCarol = b.opened("carol");
        b.sendMessage(bobAndCarol, "private");
        assertError(push.mute(alice, bobAndCarol, null), 404, "unknown_conversation");
        assertError(push.mute(alice, "nonsense", null), 404, "unknown_conversation");
        assertError(push.mute(carol, bobAndCarol, 1L), 400, "invalid_request");
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        JsonNode muted = TestServer.readJson(push.mute(carol, bobAndCarol, inAnHour).body());
        assertThat(muted.path("until").asLong()).isEqualTo(inAnHour);
        assertThat(HttpMutes.of(api, alice).convs()).isEmpty();
      }
      assertStatus(api.delete("/v1/push", alice.token()), 204);
      assertError(api.delete("/v1/push", alice.token()), 404, "not_registered");
    }
    try (TestServer plain = TestServer.start()) {
      TestDevice alice = plain.register("alice", PASSWORD, "phone");
      assertError(
          plain.api().send("PUT", "/v1/push", Map.of("gateway", "dev", "key", "k"), alice.token()),
          404,
          "push_disabled");
    }
  }

  @Test
  void aNotificationQueuedBeforeAKillNineIsSentAfterTheRestart() {
    try (PushFixture gatewayOnly = new PushFixture(Duration.ZERO)) {
      var gateway = gatewayOnly.gateway;
      gateway.answer(503);
      try (ServerProcess server =
          ServerProcess.start(
              tmp.resolve("data"),
              tmp.resolve("server.log"),
              List.of("--push-gateways", "dev=" + gateway.url(), "--push-retry-max-ms", "500"))) {
        TestDevice alice = server.api().register("alice", PASSWORD, "phone");
        TestDevice bob = server.api().register("bob", PASSWORD, "phone");
        assertStatus(
            server
                .api()
                .send("PUT", "/v1/push", Map.of("gateway", "dev", "key", "bob-key"), bob.token()),
            200);
        try (TestSocket a = TestSocket.connect(server.wsUri(), alice)) {
          a.sync(null);
          a.sendMessage(a.opened("bob"), "sent just before the crash");
        }
        Awaitility.await()
            .atMost(WAIT)
            .until(
                () ->
                    server
                        .adminApi()
                        .get("/metrics", null)
                        .body()
                        .contains("parley_push_notifications_total{outcome=\"retried\""));
        server.kill();
        gateway.answer(200);
        server.begin();
        Awaitility.await().atMost(WAIT).until(() -> gatewayOnly.receivedBy("bob-key").size() == 1);
        assertThat(gatewayOnly.receivedBy("bob-key").get(0).path("type").asText())
            .isEqualTo("message");
      }
    }
  }

  private static List<String> devicesWithPush(TestApi api, TestDevice device) {
    List<String> ids = new ArrayList<>();
    TestServer.readJson(api.get("/v1/push", device.token()).body())
        .path("devices")
        .forEach(d -> ids.add(d.path("deviceId").asText()));
    return ids;
  }

  private static void assertError(
      java.net.http.HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(TestServer.readJson(response.body()).path("error").asText()).isEqualTo(code);
  }

  /** {@code GET /v1/mutes}. */
  private record HttpMutes(List<String> convs, List<Long> untils) {
    static HttpMutes of(TestApi api, TestDevice device) {
      List<String> convs = new ArrayList<>();
      List<Long> untils = new ArrayList<>();
      TestServer.readJson(api.get("/v1/mutes", device.token()).body())
          .path("mutes")
          .forEach(
              m -> {
                convs.add(m.path("conv").asText());
                untils.add(m.path("until").isNull() ? null : m.path("until").asLong());
              });
      return new HttpMutes(convs, untils);
    }
  }
}
