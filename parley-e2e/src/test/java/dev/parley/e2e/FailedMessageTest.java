package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import dev.parley.testing.proxy.FaultProxy;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Messages the server would refuse, or did refuse for good: the composer counts UTF-8 bytes against
 * the server's limit, and a refused message stays where it was written, says why, and offers Retry,
 * Edit and Delete, also after a reload, until the person acts on it.
 */
class FailedMessageTest extends WebClientTest {
  private static final String LIMIT_NOTE = "return document.getElementById('composer-limit')";

  @Test
  void theComposerHoldsBackABodyOverTheServersByteLimit() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      page.startChat(bob);

      // 9,000 characters, under a 16,384-character count, but 18,000 bytes of UTF-8.
      paste(page, "Ж".repeat(9_000));
      await().until(() -> noteText(page).startsWith("Too long to send."));
      assertThat(noteText(page)).contains("18,000 bytes", "16,384");
      assertThat(page.script(LIMIT_NOTE + ".querySelector('[aria-live]').textContent"))
          .isEqualTo("Too long to send.");
      assertThat(page.findElement(By.id("composer")).getAttribute("aria-invalid"))
          .isEqualTo("true");
      assertThat(page.findElement(By.id("composer")).getAttribute("aria-describedby"))
          .isEqualTo("composer-limit");
      assertThat(page.findElement(By.id("send")).isEnabled()).isFalse();

      page.findElement(By.id("composer")).sendKeys(Keys.ENTER);
      // Enter sent nothing while over the limit; the text stays to be shortened.
      assertThat(page.findElement(By.id("composer")).getAttribute("value")).hasSize(9_000);
      paste(page, "a short one");
      page.findElement(By.id("composer")).sendKeys(Keys.ENTER);
      await().until(() -> page.bodies().contains("a short one"));
      assertThat(page.bodies()).containsExactly("a short one");

      paste(page, "Ж".repeat(8_192)); // 16,384 bytes: exactly the limit
      await().until(() -> noteText(page).isEmpty());
      assertThat(page.findElement(By.id("composer")).getAttribute("aria-invalid")).isNull();
      page.findElement(By.id("composer")).sendKeys(Keys.ENTER);
      await()
          .until(
              () ->
                  page.messages().stream()
                      .anyMatch(m -> m.body().length() == 8_192 && m.seq() != null));
    }
  }

  @Test
  void aRefusedMessageStaysInPlaceUntilRetriedEditedOrDeleted() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice aliceDevice = server.register(alice, PASSWORD, "alice's laptop");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port());
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null);
        Browser browser = Browser.desktop()) {
      String conv =
          ((ServerFrame.GroupChanged)
                  bobSocket.request(
                      new ClientFrame.CreateGroup(
                          bobSocket.nextRef(),
                          UUID.randomUUID().toString(),
                          "Band",
                          List.of(alice))))
              .conv();
      ChatPage page = ChatPage.open(browser, proxy.httpUri());
      page.logIn(alice, PASSWORD);
      GroupPage group = new GroupPage(page);
      group.openGroup("Band");
      page.send("before");
      await().until(() -> "sent".equals(group.status("before")));

      // alice loses the connection; meanwhile bob removes her, so what she writes is refused.
      proxy.refuse(true);
      proxy.cutAll();
      await().until(page::offlineBannerShown);
      bobSocket.request(
          new ClientFrame.GroupRemove(bobSocket.nextRef(), conv, aliceDevice.userId()));
      page.send("refused one");
      page.send("refused two");
      page.send("refused three");
      await().until(() -> page.bodies().size() == 4);
      proxy.refuse(false);
      page.script("document.getElementById('retry').click()"); // skips the backoff wait

      List<String> refused = List.of("refused one", "refused two", "refused three");
      await().until(() -> refused.stream().allMatch(b -> "failed".equals(group.status(b))));
      await().until(() -> !group.canWrite());
      assertThat(page.bodies())
          .containsExactly("before", "refused one", "refused two", "refused three");
      assertThat(page.failureText("refused one"))
          .isEqualTo("Not sent: you were not a member of this group.");
      assertThat(OwnMessagesTest.tick(page, "refused one"))
          .containsEntry("state", "tick-failed")
          .containsEntry("shape", "!")
          .hasEntrySatisfying("label", label -> assertThat(label).startsWith("Not sent"));
      // Not a member: retrying cannot succeed, and there is no composer to edit in.
      assertThat(page.failureActions("refused one")).containsExactly("Delete");
      assertThat(page.failureText("before")).isNull();
      assertThat(group.preview("Band")).isEqualTo("Not sent: refused three");

      // Kept on the device: a reload shows them as refused, not pending and not gone.
      page.reload();
      await().until(() -> page.bodies().size() == 4 && page.failureText("refused two") != null);
      assertThat(page.failureActions("refused two")).containsExactly("Delete");

      page.pressFailureAction("refused two", "Delete");
      await().until(() -> !page.bodies().contains("refused two"));
      assertThat(group.preview("Band")).isEqualTo("Not sent: refused three");
      page.reload();
      await().until(() -> page.failureText("refused three") != null);
      assertThat(page.bodies()).containsExactly("before", "refused one", "refused three");

      // Back in the group: Retry can succeed now, and Edit has a composer to go to.
      bobSocket.request(new ClientFrame.GroupAdd(bobSocket.nextRef(), conv, List.of(alice)));
      await().until(group::canWrite);
      await()
          .until(
              () -> page.failureActions("refused one").equals(List.of("Retry", "Edit", "Delete")));
      page.send("after");
      await().until(() -> "sent".equals(group.status("after")));
      // Later messages go below the refused ones, which keep their place.
      assertThat(page.bodies()).containsExactly("before", "refused one", "refused three", "after");

      page.pressFailureAction("refused three", "Edit");
      await().until(() -> !page.bodies().contains("refused three"));
      assertThat(page.findElement(By.id("composer")).getAttribute("value"))
          .isEqualTo("refused three");
      assertThat(page.script("return document.activeElement.id")).isEqualTo("composer");
      page.findElement(By.id("composer")).clear();

      page.pressFailureAction("refused one", "Retry");
      await().until(() -> "sent".equals(group.status("refused one")));
      assertThat(page.failureText("refused one")).isNull();
      assertThat(page.bodies()).containsExactly("before", "after", "refused one");
      assertThat(group.preview("Band")).isEqualTo("You: refused one");

      // The server holds what was sent once each; the deleted and the edited ones never.
      ServerFrame.History history =
          (ServerFrame.History)
              bobSocket.request(new ClientFrame.History(bobSocket.nextRef(), conv, null, 50));
      assertThat(history.messages())
          .filteredOn(m -> m.system() == null)
          .extracting(FeedEvent.Message::body)
          .containsExactly("before", "after", "refused one");
    }
  }

  /** Puts text into the composer as a paste does: at once, with one input event. */
  private static void paste(ChatPage page, String text) {
    page.script(
        "const c = document.getElementById('composer'); c.value = arguments[0];"
            + "c.dispatchEvent(new Event('input', {bubbles: true}))",
        text);
  }

  private static String noteText(ChatPage page) {
    return (String) page.script(LIMIT_NOTE + ".textContent");
  }
}
