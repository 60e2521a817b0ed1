package dev.parley.bench.attack;

import dev.parley.bench.report.LatencySummary;
import java.util.Map;

/**
 * One attack's effect on the server and on everyone else. Times are milliseconds from the attack's
 * start; -1 means it never happened within the run.
 *
 * @param attack which attack and how it was run
 * @param seconds how long it ran
 * @param attackerSent frames (or connections, for slowloris) the attacker got out
 * @param attackerRefusedAfterMs the first refusal (error frame or close frame) the attacker read
 * @param attackerClosedAfterMs when the server had ended every attacking connection
 * @param rssBeforeMb the server's resident set just before the attack
 * @param rssMaxMb its largest resident set during the attack
 * @param victimLatency end-to-end latency of the victim pair's messages during the attack
 * @param victimConnected whether both victim connections were still open at its end
 * @param healthz {@code GET /healthz} latency during the attack
 * @param healthzFailures probes that failed or took over 15 s
 * @param freshSession a new session's connect + {@code conversations} round trip
 * @param freshSessionFailures such sessions that failed or took over 15 s
 * @param serverLogLines lines the server logged during the attack
 * @param serverStackTraceLines of which were stack-trace lines
 */
record AttackResult(
    String attack,
    int seconds,
    long attackerSent,
    long attackerRefusedAfterMs,
    long attackerClosedAfterMs,
    long rssBeforeMb,
    long rssMaxMb,
    LatencySummary victimLatency,
    boolean victimConnected,
    LatencySummary healthz,
    long healthzFailures,
    LatencySummary freshSession,
    long freshSessionFailures,
    long serverLogLines,
    long serverStackTraceLines) {

  long rssGrowthMb() {
    return rssMaxMb - rssBeforeMb;
  }

  void addRows(Map<String, String> rows) {
    String k = attack.split(":")[0];
    rows.put(k + " attack", attack + ", " + seconds + " s");
    rows.put(k + " attacker sent", String.format("%,d", attackerSent));
    rows.put(
        k + " attacker refused / cut after",
        ms(attackerRefusedAfterMs) + " / " + ms(attackerClosedAfterMs));
    rows.put(
        k + " server RSS before / max / growth",
        rssBeforeMb + " / " + rssMaxMb + " / " + rssGrowthMb() + " MB");
    rows.put(
        k + " victim e2e p50/p90/p99/p99.9/max ms",
        victimLatency.compact()
            + " ("
            + victimLatency.count()
            + " msgs, connected "
            + victimConnected
            + ")");
    rows.put(k + " /healthz max ms, failures", healthz.max() + ", " + healthzFailures);
    rows.put(
        k + " fresh session p50/p99/max ms, failures",
        freshSession.p50()
            + " / "
            + freshSession.p99()
            + " / "
            + freshSession.max()
            + ", "
            + freshSessionFailures);
    rows.put(
        k + " server log lines (stack-trace lines)",
        serverLogLines + " (" + serverStackTraceLines + ")");
  }

  private static String ms(long v) {
    return v < 0 ? "never" : String.format("%,d ms", v);
  }
}
