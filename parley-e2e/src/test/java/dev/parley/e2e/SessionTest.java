package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser's log-in: "Keep me signed in" decides whether it outlives the browser session;
 * signing out revokes the device and deletes its local data in every tab; a device revoked
 * elsewhere returns to the log-in screen; databases of sessions that are over are deleted.
 */
class SessionTest extends WebClientTest {

  @Test
  void signingOutRevokesTheDeviceAndDeletesItsDataInEveryTab() {
    String alice = handle("alice");
    try (Browser browser = Browser.desktop()) {
      ChatPage first = signedUp(browser, alice);
      ChatPage second = ChatPage.openInNewTab(browser, server.httpUri());
      second.awaitLoggedIn();
      Map<String, String> session = keptSession(first);
      String database = "parley." + session.get("deviceId");
      await().until(() -> first.databases().contains(database));

      first.findElement(By.id("logout")).click();

      await().until(first::onLoginScreen);
      await().until(second::onLoginScreen);
      assertThat(server.get("/v1/devices", session.get("token")).statusCode()).isEqualTo(401);
      assertThat(keptSession(first)).isNull();
      assertThat(first.script("return sessionStorage.getItem('parley.session')")).isNull();
      await().until(() -> first.databases().stream().noneMatch(n -> n.startsWith("parley.")));
    }
  }

  @Test
  void keptSignedInTheBrowserComesBackSignedIn() {
    String alice = handle("alice");
    try (Browser browser = Browser.desktop()) {
      ChatPage before = signedUp(browser, alice);
      String deviceId = keptSession(before).get("deviceId");

      browser.restart();

      ChatPage after = ChatPage.open(browser, server.httpUri());
      after.awaitLoggedIn();
      assertThat(after.findElement(By.id("me")).getText()).isEqualTo(alice);
      assertThat(keptSession(after).get("deviceId")).isEqualTo(deviceId);
    }
  }

  @Test
  void notKeptSignedInTheLogInLastsForTheBrowserSession() {
    String alice = handle("alice");
    try (Browser browser = Browser.desktop()) {
      ChatPage first = ChatPage.open(browser, server.httpUri());
      first.signUp(alice, PASSWORD, false);
      assertThat(keptSession(first)).isNull();
      String deviceId =
          (String)
              first.script("return JSON.parse(sessionStorage.getItem('parley.session')).deviceId");
      await().until(() -> first.databases().contains("parley." + deviceId));

      // A reload, and a new tab while this one is open, stay signed in as the same device.
      first.reload();
      first.awaitLoggedIn();
      ChatPage second = ChatPage.openInNewTab(browser, server.httpUri());
      second.awaitLoggedIn();
      assertThat(
              second.script("return JSON.parse(sessionStorage.getItem('parley.session')).deviceId"))
          .isEqualTo(deviceId);

      browser.restart();

      ChatPage after = ChatPage.open(browser, server.httpUri());
      await().until(after::onLoginScreen);
      assertThat(after.signedIn()).isFalse();
      // Its messages do not stay behind on the disk either.
      await().until(() -> after.databases().stream().noneMatch(n -> n.startsWith("parley.")));
    }
  }

  @Test
  void aDatabaseOfAnotherDeviceIsDeletedAtStart() {
    String alice = handle("alice");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      String own = "parley." + keptSession(page).get("deviceId");
      page.asyncScript(
          "const done = arguments[arguments.length - 1];"
              + "const r = indexedDB.open('parley.dead-device');"
              + "r.onsuccess = () => { r.result.close(); done(); };");
      assertThat(page.databases()).contains("parley.dead-device", own);

      page.reload();

      page.awaitLoggedIn();
      await().until(() -> !page.databases().contains("parley.dead-device"));
      assertThat(page.databases()).contains(own);
    }
  }

  @Test
  void aDeviceRevokedFromAnotherDeviceReturnsToTheLoginScreen() {
    String alice = handle("alice");
    TestDevice phone = server.register(alice, PASSWORD, "alice's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = ChatPage.open(browser, server.httpUri());
      page.logIn(alice, PASSWORD);
      String deviceId = keptSession(page).get("deviceId");

      assertThat(server.delete("/v1/devices/" + deviceId, phone.token()).statusCode())
          .isEqualTo(204);

      await()
          .until(
              () ->
                  page.findElement(By.id("app")).getText().contains("This device was logged out"));
      assertThat(page.findElement(By.id("login-error")).getText()).contains("Log in again");
    }
  }

  /** The log-in kept for later browser sessions ("Keep me signed in"), or null. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> keptSession(ChatPage page) {
    return (Map<String, String>)
        page.script("return JSON.parse(localStorage.getItem('parley.session'))");
  }
}
