package dev.parley.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchWindowException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web client in one browser tab, driven the way a person would: typing into labelled fields and
 * pressing Enter. Reads state back from the DOM (data-status and data-seq on each message).
 */
final class ChatPage {
  /** Script prologue: {@code m} is the open chat's message element whose body is arguments[0]. */
  private static final String MESSAGE_WITH_BODY =
      "const m = [...document.querySelectorAll('#messages .msg')]"
          + ".find(e => e.querySelector('.body').textContent === arguments[0]);";

  private final ChromeDriver driver;
  private final String window;

  private ChatPage(ChromeDriver driver, String window) {
    this.driver = driver;
    this.window = window;
  }

  /** Opens the client in the browser's current tab. */
  static ChatPage open(Browser browser, URI server) {
    browser.driver().get(server.toString());
    return new ChatPage(browser.driver(), browser.driver().getWindowHandle());
  }

  /**
   * Opens the client in a new tab of the same browser: the same device as the browser's other tabs
   * (it finds their log-in, or shares its own with them).
   */
  static ChatPage openInNewTab(Browser browser, URI server) {
    WebDriver tab = browser.driver().switchTo().newWindow(WindowType.TAB);
    tab.get(server.toString());
    return new ChatPage(browser.driver(), browser.driver().getWindowHandle());
  }

  /** Brings this tab to the front (visible and focused, as a person looking at it). */
  ChatPage focus() {
    String current;
    try {
      current = driver.getWindowHandle();
    } catch (NoSuchWindowException e) {
      current = null; // the tab in front was closed
    }
    if (!window.equals(current)) {
      driver.switchTo().window(window);
    }
    return this;
  }

  void signUp(String handle, String password) {
    signUp(handle, password, true);
  }

  /** Signs up with "Keep me signed in" checked (the form's default) or unchecked. */
  void signUp(String handle, String password, boolean keepSignedIn) {
    fillLogin(handle, password);
    if (!keepSignedIn) {
      WebElement keep = findElement(By.id("keep")); // checked by default
      if (keep.isSelected()) {
        keep.click();
      }
    }
    focus().findElement(By.id("signup")).click();
    awaitLoggedIn();
  }

  /** Whether the tab shows the app (someone is signed in), as opposed to the log-in form. */
  boolean signedIn() {
    return !findElements(By.id("me")).isEmpty();
  }

  /** Whether the tab shows the log-in form. */
  boolean onLoginScreen() {
    return !findElements(By.cssSelector("#app #handle")).isEmpty();
  }

  /** "leader" (this tab holds the device's socket) or "follower". */
  String tabRole() {
    return (String) script("return document.documentElement.dataset.tabRole ?? null");
  }

  /** The names of the origin's IndexedDB databases. */
  @SuppressWarnings("unchecked")
  List<String> databases() {
    return (List<String>)
        asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "indexedDB.databases().then(dbs => done(dbs.map(db => db.name)));");
  }

  /** Closes this tab (the browser's other tabs stay). */
  void closeTab() {
    focus().driver.close();
  }

  void logIn(String handle, String password) {
    fillLogin(handle, password);
    focus().findElement(By.id("password")).sendKeys(Keys.ENTER);
    awaitLoggedIn();
  }

  private void fillLogin(String handle, String password) {
    await().until(() -> !focus().driver.findElements(By.id("handle")).isEmpty());
    driver.findElement(By.id("handle")).sendKeys(handle);
    driver.findElement(By.id("password")).sendKeys(password);
  }

  void awaitLoggedIn() {
    await().until(() -> !focus().driver.findElements(By.id("me")).isEmpty());
  }

  /** Starts a chat with a handle from the "Start a chat with" form. */
  void startChat(String handle) {
    focus().findElement(By.id("new-chat")).sendKeys(handle, Keys.ENTER);
    await()
        .ignoreExceptions()
        .until(() -> focus().findElement(By.id("chat-title")).getText().equals(handle));
  }

  /** Opens the conversation with a peer from the list (it must be there). */
  void openConversation(String peerHandle) {
    // The list re-renders on every change (presence, receipts), so a row found a moment ago may be
    // gone.
    await()
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              List<WebElement> rows = focus().driver.findElements(By.cssSelector(row(peerHandle)));
              if (rows.isEmpty()) {
                return false;
              }
              rows.get(0).click();
              return true;
            });
    await().until(() -> focus().findElement(By.id("chat-title")).getText().equals(peerHandle));
  }

  /** Types a message and presses Enter. */
  void send(String text) {
    focus().findElement(By.id("composer")).sendKeys(text, Keys.ENTER);
  }

  /** The open chat's messages in display order. */
  List<ShownMessage> messages() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows =
        (List<Map<String, Object>>)
            focus()
                .script(
                    "return [...document.querySelectorAll('#messages .msg')].map(e => ({"
                        + "body: e.querySelector('.body').textContent, mine: e.classList.contains('mine'),"
                        + "status: e.dataset.status ?? null, seq: e.dataset.seq ?? null}))");
    return rows.stream()
        .map(
            r ->
                new ShownMessage(
                    (String) r.get("body"),
                    (Boolean) r.get("mine"),
                    (String) r.get("status"),
                    r.get("seq") == null ? null : Long.valueOf((String) r.get("seq"))))
        .toList();
  }

  List<String> bodies() {
    return messages().stream().map(ShownMessage::body).toList();
  }

  /** The "Not sent" line under this user's message with {@code body}, or null if there is none. */
  String failureText(String body) {
    return (String)
        script(
            MESSAGE_WITH_BODY + "return m?.querySelector('.failure-text')?.textContent ?? null",
            body);
  }

  /** The buttons under a message that was not sent ("Retry", "Edit", "Delete"), in order. */
  @SuppressWarnings("unchecked")
  List<String> failureActions(String body) {
    return (List<String>)
        script(
            MESSAGE_WITH_BODY
                + "return [...(m?.querySelectorAll('.failure-actions button') ?? [])].map(b => b.textContent)",
            body);
  }

  /** Presses one of the buttons under a message that was not sent. */
  void pressFailureAction(String body, String action) {
    script(
        MESSAGE_WITH_BODY
            + "[...m.querySelectorAll('.failure-actions button')].find(b => b.textContent === arguments[1]).click()",
        body,
        action);
  }

  /** The unread badge of a conversation in the list; 0 when there is none. */
  int unread(String peerHandle) {
    Object badge =
        script(
            "return document.querySelector(arguments[0])?.textContent ?? null",
            row(peerHandle) + " .badge");
    return badge == null ? 0 : Integer.parseInt((String) badge);
  }

  /** The last-message line of a conversation in the list. */
  String preview(String peerHandle) {
    return (String)
        script(
            "return document.querySelector(arguments[0])?.textContent ?? null",
            row(peerHandle) + " .conv-preview");
  }

  /** Whether the list shows the peer's green "online" dot. */
  boolean onlineDot(String peerHandle) {
    return (Boolean)
        script("return !!document.querySelector(arguments[0])", row(peerHandle) + " .dot");
  }

  boolean offlineBannerShown() {
    return focus().findElement(By.id("banner")).isDisplayed();
  }

  /** The computed colour of a message's tick, e.g. "rgb(11, 87, 208)". */
  String tickColor(String body) {
    return (String)
        focus()
            .script(
                "const m = [...document.querySelectorAll('#messages .msg')].find(e => e.querySelector('.body').textContent === arguments[0]);"
                    + "return getComputedStyle(m.querySelector('.tick')).color",
                body);
  }

  /** Waits until the service worker has cached the app, so a reload works with the server down. */
  void awaitOfflineReady() {
    await()
        .until(
            () ->
                "true"
                    .equals(
                        focus()
                            .script(
                                "return document.documentElement.dataset.offlineReady ?? null")));
  }

  void reload() {
    focus().driver.navigate().refresh();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) focus().driver).executeScript(js, args);
  }

  /** Runs an asynchronous script: it calls its last argument with the result. */
  Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) focus().driver).executeAsyncScript(js, args);
  }

  WebElement findElement(By by) {
    return focus().driver.findElement(by);
  }

  List<WebElement> findElements(By by) {
    return focus().driver.findElements(by);
  }

  /** Saves a PNG of the tab into the screenshot folder. */
  void screenshot(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), focus().driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String row(String peerHandle) {
    return ".conv[data-handle='" + peerHandle + "']";
  }
}
