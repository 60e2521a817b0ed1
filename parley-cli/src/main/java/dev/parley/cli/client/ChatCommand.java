package dev.parley.cli.client;

import dev.parley.client.ConnectionState;
import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.OutgoingMessage;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.client.Presence;
import dev.parley.client.StatusChange;
import dev.parley.client.StopReason;
import dev.parley.client.TypingIndicator;
import dev.parley.client.group.MembershipChange;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley chat <handle|conv>}: an interactive chat with a user or in a group. Type a line and
 * Enter to send; {@code /quit} or Ctrl-D leaves. Incoming messages, tick changes, typing, the
 * peer's presence (1:1) and the group's membership changes ("alice added bob") print above the
 * prompt; everything shown is marked read. Messages typed while offline are queued in the outbox
 * and go out on reconnect.
 */
@Command(
    name = "chat",
    description = "Chat with a user or in a group interactively.",
    mixinStandardHelpOptions = true)
public final class ChatCommand implements Callable<Integer> {
  /** Opens the terminal to chat on; tests hand in one on pipes. */
  @FunctionalInterface
  public interface TerminalFactory {
    Terminal open() throws IOException;
  }

  private final TerminalFactory terminals;

  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for the server at start (default 30).")
  int timeoutSeconds = 30;

  @Parameters(
      paramLabel = "HANDLE|CONV",
      description = "A user's handle (or @handle), or a group's id (g.…).")
  String target;

  /** Chats on the system terminal (a dumb one when stdin is not a terminal). */
  public ChatCommand() {
    this(() -> TerminalBuilder.builder().system(true).dumb(true).build());
  }

  public ChatCommand(TerminalFactory terminals) {
    this.terminals = terminals;
  }

  @Override
  public Integer call() {
    return ClientCommands.run(
        spec,
        () -> {
          Profile profile = profileOption.require();
          try (Terminal terminal = terminals.open()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            boolean colour = !Terminal.TYPE_DUMB.equals(terminal.getType());
            ChatView view = new ChatView(reader, profile.userId(), colour);
            try (ParleyClient client = ClientCommands.connect(profile, view)) {
              ConversationTarget conversation =
                  ConversationTarget.resolve(client, target, timeoutSeconds);
              view.show(client, conversation, timeoutSeconds);
              readLoop(reader, client, conversation, view);
              awaitOutbox(client, view);
            }
          }
          return 0;
        });
  }

  /**
   * Gives messages typed just before leaving a moment to go out; any left stay queued for next
   * time.
   */
  private static void awaitOutbox(ParleyClient client, ChatView view) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (client.pendingCount() > 0
        && client.connectionState() == ConnectionState.ONLINE
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    if (client.pendingCount() > 0) {
      view.print(
          "("
              + client.pendingCount()
              + " message(s) queued; they go out with the next parley command)");
    }
  }

  private static void readLoop(
      LineReader reader, ParleyClient client, ConversationTarget conversation, ChatView view) {
    while (true) {
      String line;
      try {
        line = reader.readLine("> ");
      } catch (UserInterruptException | EndOfFileException e) {
        return;
      }
      if (line == null || line.strip().equals("/quit")) {
        return;
      }
      if (!line.isBlank()) {
        OutgoingMessage sent = client.send(conversation.conv(), line);
        view.composed(sent);
      }
    }
  }

  /** Prints what happens in the open conversation above the prompt. */
  private static final class ChatView implements ParleyListener {
    private final LineReader reader;
    private final String myUserId;
    private final boolean colour;
    private final Map<String, String> myBodies = new ConcurrentHashMap<>();
    private volatile ParleyClient client;
    private volatile ConversationTarget conversation;
    private volatile Names names;

    ChatView(LineReader reader, String myUserId, boolean colour) {
      this.reader = reader;
      this.myUserId = myUserId;
      this.colour = colour;
    }

    void show(ParleyClient client, ConversationTarget conversation, int timeoutSeconds)
        throws Exception {
      this.client = client;
      this.names = new Names(client, conversation, timeoutSeconds);
      this.conversation = conversation;
      if (conversation.isGroup()) {
        print("chatting in " + conversation.name() + " — /quit to leave");
      } else {
        print("chatting with " + conversation.name() + " — /quit to leave");
        client.watchPresence(List.of(conversation.peer().userId()));
      }
      var page =
          ClientCommands.await(client.history(conversation.conv(), null, 20), timeoutSeconds);
      var summary = ClientCommands.summary(client, conversation.conv(), timeoutSeconds);
      names.learn(page.messages());
      long last = 0;
      for (Message m : page.messages()) {
        print(
            MessageLine.format(
                m, myUserId, names::of, MessageLine.statusFrom(m.seq(), summary), colour));
        last = m.seq();
      }
      if (last > 0) {
        client.markRead(conversation.conv(), last);
      }
    }

    void composed(OutgoingMessage message) {
      myBodies.put(message.id(), message.body());
      print(MessageLine.pending(message.body(), colour));
    }

    @Override
    public void onMessage(Message m) {
      ConversationTarget open = conversation;
      if (open != null && m.conv().equals(open.conv())) {
        print(MessageLine.format(m, myUserId, names::of, null, colour));
        client.markRead(m.conv(), m.seq());
      }
    }

    @Override
    public void onMembershipChange(MembershipChange change) {
      ConversationTarget open = conversation;
      if (open != null && change.conv().equals(open.conv())) {
        print(MessageLine.format(asMessage(change), myUserId, names::of, null, colour));
        client.markRead(change.conv(), change.seq());
      }
    }

    /** The system message the change came as, which is what {@link MessageLine} prints. */
    private static Message asMessage(MembershipChange change) {
      return new Message(
          change.conv(), change.seq(), "", change.actor(), "", change.ts(), "", change);
    }

    @Override
    public void onStatusChange(StatusChange change) {
      String body = myBodies.get(change.id());
      if (body != null && change.status() != MessageStatus.PENDING) {
        print(
            "  "
                + MessageLine.tick(change.status(), colour)
                + " "
                + body
                + (change.errorCode() != null ? " (" + change.errorCode() + ")" : ""));
      }
    }

    @Override
    public void onPresence(List<Presence> users) {
      ConversationTarget open = conversation;
      for (Presence p : users) {
        if (open != null && !open.isGroup() && p.userId().equals(open.peer().userId())) {
          print("(" + open.peer().handle() + (p.online() ? " is online" : lastSeen(p)) + ")");
        }
      }
    }

    @Override
    public void onTyping(TypingIndicator typing) {
      ConversationTarget open = conversation;
      if (open != null
          && typing.active()
          && typing.conv().equals(open.conv())
          && !typing.userId().equals(myUserId)) {
        print("(" + names.of(typing.userId()) + " is typing…)");
      }
    }

    private static String lastSeen(Presence p) {
      return p.lastSeen() == null
          ? " is offline"
          : " was last seen "
              + DateTimeFormatter.ofPattern("MMM d HH:mm")
                  .withZone(ZoneId.systemDefault())
                  .format(Instant.ofEpochMilli(p.lastSeen()));
    }

    @Override
    public void onConnectionState(ConnectionState state) {
      if (state == ConnectionState.OFFLINE) {
        print("(offline — reconnecting; messages are queued)");
      }
    }

    @Override
    public void onStopped(StopReason reason) {
      if (reason != StopReason.CLOSED) {
        print("(disconnected: " + reason + " — log in again)");
      }
    }

    void print(String line) {
      reader.printAbove(line);
    }
  }
}
