package dev.parley.client;

import java.net.URI;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OutboxAfterCrashTest}: composes messages into the outbox while the
 * server is unreachable, prints each key and then {@code READY}, and waits to be killed.
 *
 * <p>Arguments: server URI, token, store file, conversation, message count.
 */
public final class OutboxWriterProcess {
  private OutboxWriterProcess() {}

  public static void main(String[] args) throws Exception {
    ParleyClient client =
        TestClients.started(
            URI.create(args[0]), args[1], Path.of(args[2]), new ParleyListener() {});
    int count = Integer.parseInt(args[4]);
    for (int i = 0; i < count; i++) {
      System.out.println("ID " + client.send(args[3], "offline " + i).id());
    }
    System.out.println("READY");
    System.out.flush();
    // Wait for the parent's destroyForcibly(): the client is never closed, as in a crash.
    System.in.read();
  }
}
