package dev.parley.client;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Alice's client and bob's, each with its own store and listener, started through the given URIs
 * (the server's, or a fault proxy in front of it). Bob has synced and alice has opened their
 * conversation {@code conv}.
 */
record TwoClients(
    ParleyClient alice,
    RecordingListener aliceEvents,
    ParleyClient bob,
    RecordingListener bobEvents,
    String conv)
    implements AutoCloseable {

  static TwoClients start(TestServer server, URI aliceLink, URI bobLink, Path dir)
      throws Exception {
    TestDevice aliceDevice = server.register("alice", "password1", "phone");
    TestDevice bobDevice = server.register("bob", "password1", "phone");
    RecordingListener aliceEvents = new RecordingListener();
    RecordingListener bobEvents = new RecordingListener();
    ParleyClient alice =
        TestClients.started(aliceLink, aliceDevice.token(), dir.resolve("alice.db"), aliceEvents);
    ParleyClient bob =
        TestClients.started(bobLink, bobDevice.token(), dir.resolve("bob.db"), bobEvents);
    try {
      bobEvents.awaitSynced();
      String conv = alice.open("bob").get(10, TimeUnit.SECONDS).conv();
      return new TwoClients(alice, aliceEvents, bob, bobEvents, conv);
    } catch (Exception | AssertionError e) {
      alice.close();
      bob.close();
      throw e;
    }
  }

  @Override
  public void close() {
    alice.close();
    bob.close();
  }
}
