package dev.parley.bench.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ChildJvm;
import dev.parley.bench.target.ServerTarget;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abuse suite: each hostile client of docs/benchmarks.md "Under attack" against a real server
 * in its own JVM with default options, while a victim pair chats. It asserts behaviour, not speed:
 * the attacker is cut or refused, the server's memory stays bounded, the victims lose nothing and
 * stay connected, newcomers are still served, and the log is not flooded with stack traces. (The
 * times are in docs/benchmarks.md.)
 */
class UnderAttackTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** Long enough for the 10 s auth timeout and the 10 s HTTP header deadline, with a margin. */
  private static final int SECONDS = 20;

  @Test
  void eachAttackIsBoundedAndEveryoneElseIsStillServed(@TempDir Path tmp) throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (ChildJvm server =
            ChildJvm.start(
                "dev.parley.cli.ParleyCommand",
                List.of("-Xmx1g"),
                List.of(
                    "server",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "{port}",
                    "--data-dir",
                    data.toString(),
                    "--admin-port",
                    "0"),
                "/healthz",
                tmp.resolve("server.log"));
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      AttackRun.Outcome outcome =
          new AttackRun(
                  new ServerTarget(server.httpUri(), server.pid()), accounts, server.log(), QUIET)
              .run(List.of(AttackKind.values()), SECONDS, 4, 2_000);

      for (AttackResult r : outcome.attacks()) {
        String attack = r.attack();
        if (attack.startsWith("read-flood")) {
          assertThat(r.attackerRefusedAfterMs()).as("%s: refused", attack).isNotNegative();
        } else {
          assertThat(r.attackerClosedAfterMs()).as("%s: cut", attack).isNotNegative();
        }
        assertThat(r.rssGrowthMb())
            .as("%s: server RSS growth (MB)", attack)
            .isLessThanOrEqualTo(256);
        assertThat(r.victimConnected()).as("%s: victims still connected", attack).isTrue();
        assertThat(r.victimLatency().count()).as("%s: victims' messages", attack).isPositive();
        assertThat(r.healthzFailures()).as("%s: /healthz failures", attack).isZero();
        assertThat(r.freshSessionFailures()).as("%s: new sessions refused", attack).isZero();
        assertThat(r.serverStackTraceLines())
            .as("%s: stack-trace lines logged", attack)
            .isLessThan(50);
      }
      assertThat(outcome.victimLost()).as("victim messages lost").isZero();
      assertThat(outcome.victimDuplicated()).as("victim messages duplicated").isZero();
    }
  }
}
