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
