package dev.parley.e2e;

import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The group parts of the web client in one tab ({@link ChatPage} drives the rest): the "New group"
 * form, group rows of the list, the timeline with senders and system lines, the members panel and
 * "Message info". Reads state back from the DOM.
 */
final class GroupPage {
  private final ChatPage page;

  GroupPage(ChatPage page) {
    this.page = page;
  }

  /** One entry of the open chat: a message (with its sender in a group) or a system line. */
  record Line(boolean system, String text, String sender, boolean mine, String status) {}

  /** Fills the "New group" form and presses Create; does not wait for the outcome. */
  void submitNewGroup(String title, String members) {
    if (!page.findElement(By.id("new-group-form")).isDisplayed()) {
      page.findElement(By.id("new-group")).click();
    }
    WebElement titleField = page.findElement(By.id("group-title"));
    titleField.clear();
    titleField.sendKeys(title);
    WebElement membersField = page.findElement(By.id("group-members"));
    membersField.clear();
    membersField.sendKeys(members);
    page.findElement(By.id("group-create")).click();
  }

  /** Creates a group in the UI and waits until its chat is open. */
  void createGroup(String title, String members) {
    submitNewGroup(title, members);
    await().until(() -> title.equals(chatTitle()));
  }

  String newGroupError() {
    return page.findElement(By.id("new-group-error")).getText();
  }

  String chatTitle() {
    return (String)
        page.script("return document.getElementById('chat-title')?.textContent ?? null");
  }

  /** The line under the chat title: "3 members", "bob is typing…", "You are no longer a member". */
  String chatStatus() {
    return (String)
        page.script("return document.getElementById('chat-status')?.textContent ?? null");
  }

  boolean hasGroupRow(String title) {
    return (Boolean) page.script("return !!document.querySelector(arguments[0])", row(title));
  }

  /** The last-message line of a group in the list. */
  String preview(String title) {
    return (String)
        page.script(
            "return document.querySelector(arguments[0])?.textContent ?? null",
            row(title) + " .conv-preview");
  }

  /** The unread badge of a group in the list; 0 when there is none. */
  int unread(String title) {
    Object badge =
        page.script(
            "return document.querySelector(arguments[0])?.textContent ?? null",
            row(title) + " .badge");
    return badge == null ? 0 : Integer.parseInt((String) badge);
  }

  long groupRows() {
    return (Long) page.script("return document.querySelectorAll('.conv[data-group]').length");
  }

  /** Opens a group from the list (waiting for its row). */
  void openGroup(String title) {
    await()
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              List<WebElement> rows = page.findElements(By.cssSelector(row(title)));
              if (rows.isEmpty()) {
                return false;
              }
              rows.get(0).click();
              return true;
            });
    await().until(() -> title.equals(chatTitle()));
  }

  /** The open chat's messages and system lines in display order. */
  List<Line> lines() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows =
        (List<Map<String, Object>>)
            page.script(
                "return [...document.querySelectorAll('#messages .msg, #messages .system')].map(e => ({"
                    + "system: e.classList.contains('system'),"
                    + "text: (e.querySelector('.body') ?? e.querySelector('.system-text')).textContent,"
                    + "sender: e.querySelector('.sender')?.textContent ?? null,"
                    + "mine: e.classList.contains('mine'), status: e.dataset.status ?? null}))");
    return rows.stream()
        .map(
            r ->
                new Line(
                    (Boolean) r.get("system"),
                    (String) r.get("text"),
                    (String) r.get("sender"),
                    (Boolean) r.get("mine"),
                    (String) r.get("status")))
        .toList();
  }

  List<String> systemLines() {
    return lines().stream().filter(Line::system).map(Line::text).toList();
  }

  /** The name shown above another member's message with {@code body}, or null if not shown. */
  String senderOf(String body) {
    return lines().stream()
        .filter(l -> !l.system() && !l.mine() && l.text().equals(body))
        .map(Line::sender)
        .findFirst()
        .orElse(null);
  }

  /** The tick status of this user's message with {@code body}, or null if it is not shown. */
  String status(String body) {
    return lines().stream()
        .filter(l -> !l.system() && l.mine() && l.text().equals(body))
        .map(Line::status)
        .findFirst()
        .orElse(null);
  }

  void openMembers() {
    if (page.findElements(By.id("members-panel")).isEmpty()) {
      page.findElement(By.id("group-members-button")).click();
    }
    await().until(() -> !page.findElements(By.id("members-panel")).isEmpty());
  }

  /** Handle → role of the members the panel lists. */
  @SuppressWarnings("unchecked")
  Map<String, String> members() {
    return (Map<String, String>)
        page.script(
            "return Object.fromEntries([...document.querySelectorAll('#member-list .member')]"
                + ".map(e => [e.dataset.handle, e.dataset.role]))");
  }

  /** Whether the admin controls (add, rename, per-member buttons) are on screen. */
  boolean adminControlsShown() {
    return (Boolean)
        page.script(
            "const add = document.getElementById('add-members-form');"
                + "return !!(add && add.offsetParent !== null)"
                + " || document.querySelectorAll('#member-list .member-actions button').length > 0");
  }

  void addMembers(String handles) {
    page.findElement(By.id("add-members-input")).sendKeys(handles, Keys.ENTER);
  }

  void rename(String title) {
    WebElement field = page.findElement(By.id("rename-input"));
    field.clear();
    field.sendKeys(title, Keys.ENTER);
  }

  /** Presses a member's button: action is promote, dismiss or remove. */
  void memberAction(String handle, String action) {
    await()
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              List<WebElement> buttons =
                  page.findElements(
                      By.cssSelector(
                          "#member-list .member[data-handle='"
                              + handle
                              + "'] button[data-action='"
                              + action
                              + "']"));
              if (buttons.isEmpty()) {
                return false;
              }
              buttons.get(0).click();
              return true;
            });
  }

  String membersError() {
    return page.findElement(By.id("members-error")).getText();
  }

  /** Opens "Message info" from the ticks of this user's message with {@code body}. */
  void openReadBy(String body) {
    page.script(
        "[...document.querySelectorAll('#messages .msg.mine')]"
            + ".find(e => e.querySelector('.body').textContent === arguments[0])"
            + ".querySelector('.tick').click()",
        body);
    await().until(() -> !page.findElements(By.id("read-by-panel")).isEmpty());
  }

  @SuppressWarnings("unchecked")
  List<String> readBy() {
    return (List<String>)
        page.script(
            "return [...document.querySelectorAll('#read-by-list li:not(.none)')].map(e => e.textContent)");
  }

  @SuppressWarnings("unchecked")
  List<String> deliveredTo() {
    return (List<String>)
        page.script(
            "return [...document.querySelectorAll('#delivered-to-list li:not(.none)')].map(e => e.textContent)");
  }

  /** Whether the composer can be used (it is hidden once this user is no longer a member). */
  boolean canWrite() {
    return page.findElement(By.id("composer")).isDisplayed()
        && page.findElement(By.id("composer")).isEnabled();
  }

  String composerNote() {
    WebElement note = page.findElement(By.id("composer-gone"));
    return note.isDisplayed() ? note.getText() : "";
  }

  private static String row(String title) {
    return ".conv[data-group][data-title='" + title + "']";
  }
}
