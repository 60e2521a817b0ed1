package dev.parley.cli.client;

import dev.parley.client.Conversation;
import dev.parley.client.HistoryPage;
import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley history <handle|conv> [--limit N]}: prints the newest messages with a user or in a
 * group, oldest first, with ticks after your own (✓ sent, ✓✓ delivered, ✓✓ (read); in a group,
 * delivered to and read by every member) and a group's membership changes as sentences.
 */
@Command(
    name = "history",
    description = "Show the latest messages with a user or in a group.",
    mixinStandardHelpOptions = true)
public final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "How many messages (1-200, default 20).")
  int limit = 20;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for the server (default 30).")
  int timeoutSeconds = 30;

  @Parameters(
      paramLabel = "HANDLE|CONV",
      description = "A user's handle (or @handle), or a group's id (g.…).")
  String target;

  @Override
  public Integer call() {
    return ClientCommands.run(
        spec,
        () -> {
          if (limit < 1 || limit > 200) {
            throw new ClientCommandException("--limit must be between 1 and 200");
          }
          Profile profile = profileOption.require();
          try (ParleyClient client = ClientCommands.connect(profile, new ParleyListener() {})) {
            ConversationTarget conversation =
                ConversationTarget.resolve(client, target, timeoutSeconds);
            HistoryPage page =
                ClientCommands.await(
                    client.history(conversation.conv(), null, limit), timeoutSeconds);
            Conversation summary =
                ClientCommands.summary(client, conversation.conv(), timeoutSeconds);
            Names names = new Names(client, conversation, timeoutSeconds);
            names.learn(page.messages());
            PrintWriter out = spec.commandLine().getOut();
            if (page.messages().isEmpty()) {
              out.println(
                  (conversation.isGroup() ? "no messages in " : "no messages with ")
                      + conversation.name()
                      + " yet");
            }
            for (Message m : page.messages()) {
              MessageStatus ticks = MessageLine.statusFrom(m.seq(), summary);
              out.println(MessageLine.format(m, profile.userId(), names::of, ticks, false));
            }
            out.flush();
            return 0;
          }
        });
  }
}
