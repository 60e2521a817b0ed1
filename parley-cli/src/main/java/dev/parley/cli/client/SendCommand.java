package dev.parley.cli.client;

import dev.parley.client.MessageStatus;
import dev.parley.client.OutgoingMessage;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.client.StatusChange;
import dev.parley.client.StopReason;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley send <handle|conv> <text>}: sends one message to a user or a group and exits 0 once
 * the server stored it. If the server cannot be reached in time it exits 1, and the message stays
 * in the outbox for the next command.
 */
@Command(
    name = "send",
    description = "Send a message and wait until the server stored it.",
    mixinStandardHelpOptions = true)
public final class SendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for the server (default 30).")
  int timeoutSeconds = 30;

  @Parameters(
      index = "0",
      paramLabel = "HANDLE|CONV",
      description = "A user's handle (or @handle), or a group's id (g.…).")
  String target;

  @Parameters(index = "1", paramLabel = "TEXT")
  String text;

  @Override
  public Integer call() {
    return ClientCommands.run(
        spec,
        () -> {
          Profile profile = profileOption.require();
          // Keyed by message id: the outbox may also be draining messages an earlier command left
          // queued.
          Map<String, CompletableFuture<StatusChange>> outcomes = new ConcurrentHashMap<>();
          CompletableFuture<StatusChange> stopped = new CompletableFuture<>();
          ParleyListener listener =
              new ParleyListener() {
                @Override
                public void onStatusChange(StatusChange change) {
                  if (change.status() != MessageStatus.PENDING) {
                    outcomes
                        .computeIfAbsent(change.id(), id -> new CompletableFuture<>())
                        .complete(change);
                  }
                }

                @Override
                public void onStopped(StopReason reason) {
                  stopped.completeExceptionally(
                      new ClientCommandException("disconnected: " + reason + "; log in again"));
                }
              };
          try (ParleyClient client = ClientCommands.connect(profile, listener)) {
            String conv = ConversationTarget.resolve(client, target, timeoutSeconds).conv();
            OutgoingMessage message = client.send(conv, text);
            CompletableFuture<StatusChange> outcome =
                outcomes.computeIfAbsent(message.id(), id -> new CompletableFuture<>());
            StatusChange change;
            try {
              change =
                  (StatusChange)
                      CompletableFuture.anyOf(outcome, stopped)
                          .get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
              throw new ClientCommandException(
                  "not confirmed within "
                      + timeoutSeconds
                      + " s; it stays queued and goes out with the next command");
            } catch (ExecutionException e) {
              throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (change.status() == MessageStatus.FAILED) {
              throw new ClientCommandException("refused by the server: " + change.errorCode());
            }
            spec.commandLine()
                .getOut()
                .println(
                    "sent "
                        + MessageLine.tick(change.status(), false)
                        + " (seq "
                        + change.seq()
                        + ")");
            return 0;
          }
        });
  }
}
