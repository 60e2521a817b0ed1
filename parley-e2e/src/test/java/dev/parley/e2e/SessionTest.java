package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Logging out revokes this tab's device; a device revoked elsewhere is sent back to the login
 * screen.
 */
class SessionTest extends WebClientTest {

  @Test
  void loggingOutRevokesTheTabsDevice() {
    String alice = handle("alice");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      String token = session(page).get("token");

      page.findElement(By.id("logout")).click();

      await().until(() -> !page.findElement(By.id("app")).findElements(By.id("handle")).isEmpty());
      assertThat(page.script("return sessionStorage.getItem('parley.session')")).isNull();
      assertThat(server.get("/v1/devices", token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aDeviceRevokedFromAnotherDeviceReturnsToTheLoginScreen() {
    String alice = handle("alice");
    TestDevice phone = server.register(alice, PASSWORD, "alice's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = ChatPage.open(browser, server.httpUri());
      page.logIn(alice, PASSWORD);
      String deviceId = session(page).get("deviceId");

      assertThat(server.delete("/v1/devices/" + deviceId, phone.token()).statusCode())
          .isEqualTo(204);

      await()
          .until(
              () ->
                  page.findElement(By.id("app")).getText().contains("This device was logged out"));
      assertThat(page.findElement(By.id("login-error")).getText()).contains("Log in again");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> session(ChatPage page) {
    return (Map<String, String>)
        page.script("return JSON.parse(sessionStorage.getItem('parley.session'))");
  }
}
