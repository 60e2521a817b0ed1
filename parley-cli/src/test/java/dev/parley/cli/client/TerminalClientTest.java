package dev.parley.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.cli.ParleyCommand;
import dev.parley.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The terminal client in a scripted session against a real server, through picocli as a user would
 * run it.
 */
class TerminalClientTest {
  @TempDir Path dir;

  /** One command run: exit code and what it printed. */
  private record Run(int exitCode, String out, String err) {}

  private static Run parley(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ParleyCommand(), factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run parley(String... args) {
    return parley(CommandLine.defaultFactory(), args);
  }

  @Test
  void registerLoginSendHistoryAndChat() throws Exception {
    try (TestServer server = TestServer.start()) {
      String url = server.httpUri().toString();
      String alice = dir.resolve("alice").toString();
      String bob = dir.resolve("bob").toString();

      assertThat(
              parley("register", "--server", url, "--password", "violet-harbour-71", "alice")
                  .exitCode())
          .isZero();
      assertThat(
              parley("register", "--server", url, "--password", "violet-harbour-71", "bob")
                  .exitCode())
          .isZero();
      Run taken = parley("register", "--server", url, "--password", "violet-harbour-71", "alice");
      assertThat(taken.exitCode()).isEqualTo(1);
      assertThat(taken.err()).contains("handle_taken");

      Run login =
          parley(
              "login",
              "--server",
              url,
              "--profile",
              alice,
              "--password",
              "violet-harbour-71",
              "--device",
              "term",
              "alice");
      assertThat(login.exitCode()).as(login.err()).isZero();
      assertThat(Files.exists(dir.resolve("alice").resolve("profile.properties"))).isTrue();
      assertThat(
              parley(
                      "login",
                      "--server",
                      url,
                      "--profile",
                      bob,
                      "--password",
                      "violet-harbour-71",
                      "bob")
                  .exitCode())
          .isZero();
      assertThat(
              parley(
                      "login",
                      "--server",
                      url,
                      "--profile",
                      bob,
                      "--password",
                      "wrong-password",
                      "bob")
                  .err())
          .contains("bad_credentials");

      Run send = parley("send", "--profile", alice, "bob", "hello bob");
      assertThat(send.exitCode()).as(send.err()).isZero();
      assertThat(send.out()).contains("sent");

      Run history = parley("history", "--profile", bob, "alice", "--limit", "10");
      assertThat(history.exitCode()).as(history.err()).isZero();
      assertThat(history.out()).contains("alice: hello bob");

      // bob chats interactively on a terminal made of pipes; alice answers with 'send'.
      PipedOutputStream keyboard = new PipedOutputStream();
      PipedInputStream terminalIn = new PipedInputStream(keyboard, 64 * 1024);
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      DumbTerminal terminal = new DumbTerminal(terminalIn, screen);
      CommandLine.IFactory factory =
          new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
              return cls == ChatCommand.class
                  ? cls.cast(new ChatCommand(() -> terminal))
                  : CommandLine.defaultFactory().create(cls);
            }
          };
      CompletableFuture<Run> chat =
          CompletableFuture.supplyAsync(() -> parley(factory, "chat", "--profile", bob, "alice"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> screenText(screen).contains("alice: hello bob"));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> screenText(screen).contains("(alice was last seen"));
      assertThat(parley("send", "--profile", alice, "bob", "are you there?").exitCode()).isZero();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> screenText(screen).contains("alice: are you there?"));

      keyboard.write("yes, typing in chat\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> screenText(screen).contains("✓"));
      keyboard.write("/quit\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      assertThat(chat.get().exitCode()).isZero();

      Run aliceHistory = parley("history", "--profile", alice, "bob");
      assertThat(aliceHistory.out())
          .contains("me: hello bob", "me: are you there?", "bob: yes, typing in chat");
      // bob's chat showed alice's messages, so it marked them read: alice sees read ticks.
      assertThat(aliceHistory.out())
          .contains("me: hello bob ✓✓ (read)", "me: are you there? ✓✓ (read)");
    }
  }

  /** A {@code parley chat} running on a terminal made of pipes: type into it, read its screen. */
  private record ChatSession(
      PipedOutputStream keyboard, ByteArrayOutputStream screen, CompletableFuture<Run> exit) {
    static ChatSession start(String... args) throws Exception {
      PipedOutputStream keyboard = new PipedOutputStream();
      PipedInputStream terminalIn = new PipedInputStream(keyboard, 64 * 1024);
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      DumbTerminal terminal = new DumbTerminal(terminalIn, screen);
      CommandLine.IFactory factory =
          new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
              return cls == ChatCommand.class
                  ? cls.cast(new ChatCommand(() -> terminal))
                  : CommandLine.defaultFactory().create(cls);
            }
          };
      return new ChatSession(
          keyboard, screen, CompletableFuture.supplyAsync(() -> parley(factory, args)));
    }

    void type(String line) throws Exception {
      keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    void awaitScreen(String text) {
      await().atMost(Duration.ofSeconds(20)).until(() -> screenText(screen).contains(text));
    }
  }

  @Test
  void groupsCreateChangeChatAndHistory() throws Exception {
    try (TestServer server = TestServer.start()) {
      String url = server.httpUri().toString();
      String alice = dir.resolve("alice").toString();
      String bob = dir.resolve("bob").toString();
      String carol = dir.resolve("carol").toString();
      for (String handle : new String[] {"alice", "bob", "carol"}) {
        assertThat(
                parley("register", "--server", url, "--password", "violet-harbour-71", handle)
                    .exitCode())
            .isZero();
        String profile = dir.resolve(handle).toString();
        assertThat(
                parley(
                        "login",
                        "--server",
                        url,
                        "--profile",
                        profile,
                        "--password",
                        "violet-harbour-71",
                        handle)
                    .exitCode())
            .isZero();
      }

      Run create = parley("group", "create", "--profile", alice, "Trip", "bob");
      assertThat(create.exitCode()).as(create.err()).isZero();
      String conv = create.out().strip();
      assertThat(conv).matches("g\\.[a-z2-7]{26}");
      Run add = parley("group", "add", "--profile", alice, conv, "carol");
      assertThat(add.exitCode()).as(add.err()).isZero();
      assertThat(add.out()).contains("added carol");
      Run unknown = parley("group", "add", "--profile", alice, conv, "nobody");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("unknown_user");

      Run info = parley("group", "info", "--profile", bob, conv);
      assertThat(info.exitCode()).as(info.err()).isZero();
      assertThat(info.out())
          .contains("\"Trip\" — 3 members", "  alice (admin)", "  bob\n", "  carol\n");

      assertThat(parley("send", "--profile", alice, conv, "hello group").exitCode()).isZero();

      ChatSession chat = ChatSession.start("chat", "--profile", bob, conv);
      chat.awaitScreen("chatting in \"Trip\"");
      chat.awaitScreen("alice created the group \"Trip\" with you");
      chat.awaitScreen("alice added carol");
      chat.awaitScreen("alice: hello group");
      // A change made while bob chats shows up live, in words.
      Run remove = parley("group", "remove", "--profile", alice, conv, "carol");
      assertThat(remove.exitCode()).as(remove.err()).isZero();
      chat.awaitScreen("alice removed carol");
      chat.type("hi all");
      chat.awaitScreen("✓");
      chat.type("/quit");
      assertThat(chat.exit().get().exitCode()).isZero();

      // Carol, removed, may no longer look inside; a non-member handle is refused before asking.
      Run carolInfo = parley("group", "info", "--profile", carol, conv);
      assertThat(carolInfo.exitCode()).isEqualTo(1);
      assertThat(carolInfo.err()).contains("forbidden");
      Run notMember = parley("group", "remove", "--profile", alice, conv, "carol");
      assertThat(notMember.exitCode()).isEqualTo(1);
      assertThat(notMember.err()).contains("carol is not a member");

      // Bob read everything in his chat, and he is the only other member left: alice's message
      // shows the group's read ticks.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  parley("history", "--profile", alice, conv)
                      .out()
                      .contains("me: hello group ✓✓ (read)"));
      Run history = parley("history", "--profile", alice, conv);
      assertThat(history.out())
          .contains(
              "you created the group \"Trip\" with bob",
              "you added carol",
              "you removed carol",
              "bob: hi all");

      Run leave = parley("group", "leave", "--profile", bob, conv);
      assertThat(leave.exitCode()).as(leave.err()).isZero();
      Run afterLeaving = parley("send", "--profile", bob, conv, "still here?");
      assertThat(afterLeaving.exitCode()).isEqualTo(1);
      assertThat(afterLeaving.err()).contains("forbidden");
      // What bob could see stays readable, up to his leaving.
      Run bobHistory = parley("history", "--profile", bob, conv);
      assertThat(bobHistory.exitCode()).as(bobHistory.err()).isZero();
      assertThat(bobHistory.out()).contains("me: hi all", "you left");

      // A new device of alice's has seen nobody, and no member page names bob or carol any more:
      // the lines still name them by handle.
      String aliceLaptop = dir.resolve("alice-laptop").toString();
      assertThat(
              parley(
                      "login",
                      "--server",
                      url,
                      "--profile",
                      aliceLaptop,
                      "--password",
                      "violet-harbour-71",
                      "alice")
                  .exitCode())
          .isZero();
      Run fresh = parley("history", "--profile", aliceLaptop, conv);
      assertThat(fresh.exitCode()).as(fresh.err()).isZero();
      assertThat(fresh.out())
          .contains(
              "you created the group \"Trip\" with bob",
              "you removed carol",
              "bob: hi all",
              "bob left")
          .doesNotContain("user ");
    }
  }

  @Test
  void commandsWithoutALoginExplainWhatToDo() {
    Run send = parley("send", "--profile", dir.resolve("nobody").toString(), "bob", "hi");
    assertThat(send.exitCode()).isEqualTo(1);
    assertThat(send.err()).contains("parley login");
  }

  private static String screenText(ByteArrayOutputStream screen) {
    return screen.toString(StandardCharsets.UTF_8);
  }
}
