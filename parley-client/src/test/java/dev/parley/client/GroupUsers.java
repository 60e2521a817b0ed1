package dev.parley.client;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Users of a group test, each with a registered device and, once {@link #start}ed, an SDK client of
 * their own (own store, own listener) through the given link: the server, or a fault proxy.
 */
final class GroupUsers implements AutoCloseable {
  /** One user: their device, and their client and what it reported once started. */
  static final class User {
    final TestDevice device;
    final RecordingListener events = new RecordingListener();
    ParleyClient client;

    User(TestDevice device) {
      this.device = device;
    }

    String id() {
      return device.userId();
    }
  }

  private final TestServer server;
  private final Path dir;
  private final List<User> started = new ArrayList<>();

  GroupUsers(TestServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  User register(String handle) {
    return new User(server.register(handle, "violet-harbour-71", "phone"));
  }

  /**
   * Starts {@code user}'s client through {@code link} and waits until it has synced (again, from
   * the store's cursor, after a {@link #stop}).
   */
  User start(User user, URI link) {
    int syncedBefore = user.events.synced.get();
    user.client =
        TestClients.started(
            link, user.device.token(), dir.resolve(user.device.handle() + ".db"), user.events);
    started.add(user);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> user.events.synced.get() > syncedBefore);
    return user;
  }

  User start(User user) {
    return start(user, server.httpUri());
  }

  /** Closes {@code user}'s client; its store stays, for the next {@link #start}. */
  void stop(User user) {
    user.client.close();
    started.remove(user);
  }

  @Override
  public void close() {
    started.forEach(user -> user.client.close());
  }
}
