package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import org.junit.jupiter.api.Test;

/**
 * Two browsers of one user are two devices (tabs of one browser are one: BrowserTabsTest); they
 * stay in step through the user's feed.
 */
class MultiDeviceTest extends WebClientTest {

  @Test
  void twoBrowsersOfOneUserConverge() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(alice, PASSWORD, "setup");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser laptop = Browser.desktop();
        Browser desktop = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage firstTab = ChatPage.open(laptop, server.httpUri());
      firstTab.logIn(alice, PASSWORD);
      ChatPage secondTab = ChatPage.open(desktop, server.httpUri());
      secondTab.logIn(alice, PASSWORD);
      assertThat(
              firstTab.script("return JSON.parse(localStorage.getItem('parley.session')).deviceId"))
          .isNotEqualTo(
              secondTab.script(
                  "return JSON.parse(localStorage.getItem('parley.session')).deviceId"));

      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "are you there?");
      await().until(() -> firstTab.unread(bob) == 1);
      await().until(() -> secondTab.unread(bob) == 1);

      // Reading in the first browser clears the unread count in the second (the user's own
      // receipt event).
      firstTab.openConversation(bob);
      await().until(() -> firstTab.unread(bob) == 0);
      await().until(() -> secondTab.unread(bob) == 0);

      // A message sent from the first browser appears in the second as one of ours.
      firstTab.send("yes, on my laptop");
      await().until(() -> secondTab.preview(bob).equals("You: yes, on my laptop"));
      secondTab.openConversation(bob);
      await().until(() -> secondTab.bodies().size() == 2);
      assertThat(secondTab.messages())
          .extracting(ShownMessage::body, ShownMessage::mine)
          .containsExactly(tuple("are you there?", false), tuple("yes, on my laptop", true));
      // bob's own message is not in his socket's live feed (he has its `sent`); alice's reply is.
      await()
          .until(
              () ->
                  bobSocket.messages(conv).stream()
                      .anyMatch(m -> m.body().equals("yes, on my laptop")));
    }
  }
}
