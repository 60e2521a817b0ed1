package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Stages a small realistic conversation and saves the main screens as PNGs (login, conversation
 * list, chat with ticks, offline banner, phone width). They go to target/screenshots, or to
 * docs/images with {@code -Dparley.screenshots=$PWD/docs/images}.
 */
class ScreenshotTest extends WebClientTest {
  private static final Path DIR =
      Path.of(System.getProperty("parley.screenshots", "target/screenshots"));

  @Test
  void mainScreens() throws Exception {
    TestDevice bob = server.register("bob", PASSWORD, "bob's phone");
    TestDevice carol = server.register("carol", PASSWORD, "carol's laptop");
    server.register("alice", PASSWORD, "setup");
    try (Browser desktop = Browser.desktop();
        Browser phone = Browser.phone();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bob, null);
        TestSocket carolSocket = TestSocket.connectAndSync(server, carol, null)) {
      String withCarol = carolSocket.opened("alice");
      carolSocket.sendMessage(withCarol, "The slides are ready, have a look when you can.");
      carolSocket.sendMessage(withCarol, "Page 4 still needs the numbers.");
      String withBob = bobSocket.opened("alice");
      bobSocket.sendMessage(withBob, "Are we still on for lunch?");

      ChatPage alice = ChatPage.open(desktop, server.httpUri());
      alice.screenshot(DIR, "login.png");
      alice.logIn("alice", PASSWORD);
      await().until(() -> alice.unread("bob") == 1 && alice.unread("carol") == 2);
      alice.screenshot(DIR, "conversation-list.png");

      alice.openConversation("bob");
      long lunch = send(alice, "Yes! 12:30 at the usual place.");
      bobSocket.send(new ClientFrame.Read(withBob, lunch));
      long table = send(alice, "I'll book a table for three.");
      bobSocket.send(new ClientFrame.Received(withBob, table));
      send(alice, "Carol is coming too.");
      await()
          .until(
              () ->
                  alice.messages().stream()
                      .map(ShownMessage::status)
                      .toList()
                      .equals(java.util.Arrays.asList(null, "read", "delivered", "sent")));
      alice.screenshot(DIR, "chat-ticks.png");

      ChatPage bobOnPhone = ChatPage.open(phone, server.httpUri());
      bobOnPhone.logIn("bob", PASSWORD);
      bobOnPhone.openConversation("alice");
      await().until(() -> bobOnPhone.bodies().size() == 4);
      bobOnPhone.screenshot(DIR, "phone-chat.png");

      alice.awaitOfflineReady();
      server.stop();
      await().until(alice::offlineBannerShown);
      alice.send("Running 5 minutes late!");
      await().until(() -> alice.messages().stream().anyMatch(m -> "pending".equals(m.status())));
      alice.screenshot(DIR, "offline.png");
      server.begin();
    }
    for (String name :
        new String[] {
          "login.png", "conversation-list.png", "chat-ticks.png", "phone-chat.png", "offline.png"
        }) {
      assertThat(Files.size(DIR.resolve(name))).as(name).isGreaterThan(5_000);
    }
  }

  /** Sends from the page and returns the sequence number the server gave the message. */
  private static long send(ChatPage page, String body) {
    page.send(body);
    return await()
        .until(
            () ->
                page.messages().stream()
                    .filter(m -> m.body().equals(body) && m.seq() != null)
                    .map(ShownMessage::seq)
                    .findFirst(),
            java.util.Optional::isPresent)
        .get();
  }
}
