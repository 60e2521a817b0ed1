package dev.parley.bench.attack;

import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench attack}: one abusive client at a time against a server, while a victim pair chats;
 * reports the attacker's cut, the server's RSS growth, the victims' latency and whether newcomers
 * were still served. See {@link AttackRun}.
 */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description =
        "Runs hostile clients (ping flood, error-frame flood, slowloris, read-frame flood) against a"
            + " server while a victim pair chats; reports the bound each attack met.")
public final class AttackCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--attacks",
      split = ",",
      defaultValue = "ping-flood,error-flood,slowloris,read-flood",
      description = "Attacks to run, in order (default ${DEFAULT-VALUE}).")
  List<String> attacks;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "How long each attack runs (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--read-sockets",
      defaultValue = "4",
      description = "Sockets of the read-frame flood (default ${DEFAULT-VALUE}).")
  int readSockets;

  @Option(
      names = "--slowloris-connections",
      defaultValue = "15000",
      description =
          "Partial HTTP requests held open (default ${DEFAULT-VALUE}; the fd limit here is 20,000).")
  int slowlorisConnections;

  @Override
  public Integer call() throws Exception {
    List<AttackKind> kinds = attacks.stream().map(String::trim).map(AttackKind::of).toList();
    AttackRun.Outcome outcome;
    try (TargetOptions.OpenTarget open = targetOptions.open()) {
      outcome =
          new AttackRun(
                  open.target(),
                  open.accounts(),
                  open.child() == null ? null : open.child().log(),
                  System.err)
              .run(kinds, seconds, readSockets, slowlorisConnections);
    }
    Map<String, String> rows = Report.rows();
    outcome.attacks().forEach(r -> r.addRows(rows));
    rows.put(
        "victims sent / lost / duplicated",
        outcome.victimSent() + " / " + outcome.victimLost() + " / " + outcome.victimDuplicated());
    Report.print(System.out, "under attack", rows, outcome);
    return outcome.victimLost() + outcome.victimDuplicated() == 0 ? 0 : 1;
  }
}
