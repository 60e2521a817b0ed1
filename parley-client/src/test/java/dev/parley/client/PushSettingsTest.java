package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.server.config.ServerOptions;
import dev.parley.server.push.ReferencePushGateway;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push registration and mutes through the SDK's account API, against a real gateway. */
class PushSettingsTest {

  @Test
  void anAppRegistersItsPushKeyAndMutesAConversation() {
    try (ReferencePushGateway gateway = ReferencePushGateway.start("127.0.0.1", 0, n -> {});
        TestServer server =
            TestServer.start(
                c ->
                    c.toBuilder()
                        .set(ServerOptions.PUSH_GATEWAYS, List.of("dev=" + gateway.url()))
                        .build())) {
      ParleyAccounts accounts = ParleyAccounts.at(server.httpUri());
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      accounts.registerPush(bob.token(), "dev", "bob-platform-token");
      assertThatThrownBy(() -> accounts.registerPush(bob.token(), "apns", "k"))
          .isInstanceOfSatisfying(
              ParleyApiException.class, e -> assertThat(e.code()).isEqualTo("unknown_gateway"));

      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        String conv = a.opened("bob");
        a.sendMessage(conv, "wake up");
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.received().size() == 1);
        assertThat(gateway.received().get(0).path("device").path("key").asText())
            .isEqualTo("bob-platform-token");

        accounts.mute(bob.token(), conv, null);
        assertThat(accounts.mutes(bob.token())).containsEntry(conv, null);
        accounts.unmute(bob.token(), conv);
        assertThat(accounts.mutes(bob.token())).isEmpty();
      }
      accounts.unregisterPush(bob.token());
      assertThatThrownBy(() -> accounts.unregisterPush(bob.token()))
          .isInstanceOfSatisfying(
              ParleyApiException.class, e -> assertThat(e.code()).isEqualTo("not_registered"));
    }
  }
}
