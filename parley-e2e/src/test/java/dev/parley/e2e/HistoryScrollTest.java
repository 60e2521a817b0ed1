package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.FeedEvent;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A long unread conversation: the chat opens at the unread marker, pages older history in as the
 * user scrolls up, and reports as read only what has actually been on screen.
 */
class HistoryScrollTest extends WebClientTest {
  private static final int MESSAGES = 120; // more than two history pages of 50

  @Test
  void scrollingUpLoadsEveryOlderPageAndReadReceiptsFollowWhatIsOnScreen() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice aliceDevice = server.register(alice, PASSWORD, "setup");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null);
        Browser browser = Browser.desktop()) {
      String conv = bobSocket.opened(alice);
      for (int i = 1; i <= MESSAGES; i++) {
        bobSocket.sendMessage(conv, "message " + i);
      }
      ChatPage page = ChatPage.open(browser, server.httpUri());
      page.logIn(alice, PASSWORD);
      await().until(() -> page.unread(bob) == MESSAGES);

      page.openConversation(bob);
      await()
          .until(
              () ->
                  page.script(
                          "return document.getElementById('unread-marker')?.isConnected ?? false")
                      .equals(true));
      FeedEvent.Receipt firstRead =
          await()
              .until(
                  () ->
                      bobSocket.receipts().stream()
                          .filter(r -> r.user().equals(aliceDevice.userId()) && r.read() > 0)
                          .findFirst(),
                  Optional::isPresent)
              .get();
      assertThat(firstRead.read())
          .as("only messages on screen are read")
          .isBetween(1L, MESSAGES - 1L);

      await()
          .until(
              () -> {
                page.script("const log = document.getElementById('messages'); log.scrollTop = 0");
                return page.script("return document.querySelector('.history-edge').textContent")
                    .toString()
                    .startsWith("This is the start");
              });
      List<String> expected =
          IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "message " + i).toList();
      assertThat(page.bodies()).containsExactlyElementsOf(expected);

      page.script(
          "const log = document.getElementById('messages'); log.scrollTop = log.scrollHeight");
      await()
          .until(
              () ->
                  bobSocket.receipts().stream()
                      .anyMatch(
                          r -> r.user().equals(aliceDevice.userId()) && r.read() == MESSAGES));
      await().until(() -> page.unread(bob) == 0);
    }
  }
}
