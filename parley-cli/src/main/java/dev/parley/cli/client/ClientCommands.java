package dev.parley.cli.client;

import dev.parley.client.Conversation;
import dev.parley.client.OpenedConversation;
import dev.parley.client.ParleyApiException;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.client.request.ParleyRequestException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;

/** What the client commands share: error reporting and opening an SDK client on a profile. */
final class ClientCommands {
  private ClientCommands() {}

  /** Runs a command body; a failure the user can act on is printed to stderr with exit code 1. */
  static int run(CommandSpec spec, Callable<Integer> body) {
    try {
      return body.call();
    } catch (ClientCommandException | ParleyApiException | ParleyRequestException e) {
      spec.commandLine().getErr().println("parley: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      Throwable cause =
          e instanceof CompletionException || e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof ParleyRequestException || cause instanceof ClientCommandException) {
        spec.commandLine().getErr().println("parley: " + cause.getMessage());
        return 1;
      }
      spec.commandLine().getErr().println("parley: " + cause);
      return 1;
    }
  }

  /** A started SDK client on the profile's device and store. */
  static ParleyClient connect(Profile profile, ParleyListener listener) {
    ParleyClient client =
        ParleyClient.builder()
            .serverUri(profile.server())
            .token(profile.token())
            .store(profile.storeFile())
            .listener(listener)
            .build();
    client.start();
    return client;
  }

  /**
   * The conversation list row of {@code conv} (peer positions for ticks), or null if not in the
   * first 100.
   */
  static Conversation summary(ParleyClient client, String conv, int timeoutSeconds)
      throws Exception {
    return client.conversations(100, null).get(timeoutSeconds, TimeUnit.SECONDS).items().stream()
        .filter(item -> item.conv().equals(conv))
        .findFirst()
        .orElse(null);
  }

  /**
   * The result of {@code future}, waiting at most {@code timeoutSeconds}; the server's refusal is
   * thrown as it is ({@link ParleyRequestException}), so {@link #run} prints its code.
   */
  static <T> T await(CompletableFuture<T> future, int timeoutSeconds) throws Exception {
    try {
      return future.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ClientCommandException("no answer from the server within " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * The conversation with {@code handle}, waiting at most {@code timeoutSeconds} for the server.
   */
  static OpenedConversation open(ParleyClient client, String handle, int timeoutSeconds)
      throws Exception {
    return await(client.open(handle), timeoutSeconds);
  }
}
