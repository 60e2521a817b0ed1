package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two people chat in two browsers; the sender's ticks follow the message: ✓ sent, ✓✓ delivered,
 * blue read.
 */
class DeliveryTicksTest extends WebClientTest {

  @Test
  void ticksGoFromSentToDeliveredToReadAsTheOtherSideReceivesAndReads() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone"); // bob exists, but no device of his is online yet
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      alicePage.startChat(bob);
      alicePage.send("Lunch at noon?");

      await()
          .until(
              () ->
                  alicePage.messages().stream()
                      .anyMatch(m -> m.mine() && "sent".equals(m.status())));
      assertThat(alicePage.messages())
          .singleElement()
          .satisfies(m -> assertThat(m.seq()).isEqualTo(1L))
          .satisfies(m -> assertThat(m.status()).isEqualTo("sent"));

      ChatPage bobPage = ChatPage.open(bobBrowser, server.httpUri());
      bobPage.logIn(bob, PASSWORD);
      await().until(() -> bobPage.unread(alice) == 1);
      await().until(() -> "delivered".equals(alicePage.messages().get(0).status()));

      bobPage.openConversation(alice);
      assertThat(bobPage.bodies()).containsExactly("Lunch at noon?");
      await().until(() -> "read".equals(alicePage.messages().get(0).status()));
      assertThat(alicePage.tickColor("Lunch at noon?")).isEqualTo("rgb(11, 87, 208)");
      await().until(() -> bobPage.unread(alice) == 0);
    }
  }

  @Test
  void repliesArriveLiveInBothDirections() {
    String alice = handle("alice");
    String bob = handle("bob");
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage bobPage = signedUp(bobBrowser, bob);

      alicePage.startChat(bob);
      alicePage.send("ping");
      bobPage.openConversation(alice);
      bobPage.send("pong");

      await().until(() -> alicePage.bodies().equals(List.of("ping", "pong")));
      assertThat(alicePage.messages()).extracting(ShownMessage::mine).containsExactly(true, false);
      await()
          .until(
              () ->
                  bobPage.messages().stream()
                      .anyMatch(m -> m.body().equals("pong") && "read".equals(m.status())));
    }
  }
}
