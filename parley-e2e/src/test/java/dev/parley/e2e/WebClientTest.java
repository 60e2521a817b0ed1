package dev.parley.e2e;

import dev.parley.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the browser tests: one real server per test class (TestServer, ephemeral port, temp data
 * dir), which serves the web client from the classpath exactly as in production.
 */
abstract class WebClientTest {
  static final String PASSWORD = "violet-harbour-71";
  private static final AtomicInteger USERS = new AtomicInteger();

  static TestServer server;

  @BeforeAll
  static void startServer() {
    // A browser, a reconnect with backoff (at most 15 s) and a server restart all take seconds.
    Awaitility.setDefaultTimeout(Duration.ofSeconds(40));
    Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Opens the web client in {@code browser} and signs {@code handle} up: a new user on a new
   * device.
   */
  static ChatPage signedUp(Browser browser, String handle) {
    ChatPage page = ChatPage.open(browser, server.httpUri());
    page.signUp(handle, PASSWORD);
    return page;
  }

  /** A handle no other test of this server uses. */
  static String handle(String name) {
    return name + USERS.incrementAndGet();
  }
}
