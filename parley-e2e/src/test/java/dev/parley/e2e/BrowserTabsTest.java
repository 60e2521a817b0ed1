package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tabs of one browser are one device: one tab leads and holds the WebSocket, the others go
 * through it, and when the leader tab closes another takes over with the same device.
 */
class BrowserTabsTest extends WebClientTest {

  @Test
  void tabsOfOneBrowserAreOneDeviceAndOutliveTheLeaderTab() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage first = signedUp(browser, alice);
      ChatPage second = ChatPage.openInNewTab(browser, server.httpUri());
      second.awaitLoggedIn();
      String token = token(first);
      assertThat(token(second)).isEqualTo(token);
      assertThat(devices(token)).isEqualTo(1);
      await()
          .untilAsserted(
              () ->
                  assertThat(first.tabRole() + "/" + second.tabRole())
                      .isEqualTo("leader/follower"));

      // A message to the device shows in both tabs.
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "one device, two tabs?");
      await().until(() -> first.unread(bob) == 1);
      await().until(() -> second.unread(bob) == 1);

      // Reading in one tab reads in all of them.
      second.openConversation(bob);
      await().until(() -> first.unread(bob) == 0);
      // The follower tab sends through the leader; the leader tab shows it as sent from here.
      second.send("yes, both of them");
      await().until(() -> bodies(bobSocket, conv).contains("yes, both of them"));
      await().until(() -> "You: yes, both of them".equals(first.preview(bob)));

      // The leader tab goes: the other one takes the socket over, as the same device.
      first.closeTab();
      await().until(() -> "leader".equals(second.tabRole()));
      bobSocket.sendMessage(conv, "still there?");
      await().until(() -> second.bodies().contains("still there?"));
      second.send("still here");
      await().until(() -> bodies(bobSocket, conv).contains("still here"));
      assertThat(devices(token)).isEqualTo(1);
    }
  }

  private static String token(ChatPage page) {
    @SuppressWarnings("unchecked")
    Map<String, String> session =
        (Map<String, String>)
            page.script("return JSON.parse(localStorage.getItem('parley.session'))");
    return session.get("token");
  }

  private int devices(String token) {
    return TestServer.readJson(server.get("/v1/devices", token).body()).get("devices").size();
  }

  private static java.util.List<String> bodies(TestSocket socket, String conv) {
    return socket.messages(conv).stream().map(m -> m.body()).toList();
  }
}
