package dev.parley.bench.groups;

import dev.parley.bench.report.Report;
import java.util.List;
import java.util.Map;

/**
 * Reconnections of one device in one situation: it is in {@code groups} groups, {@code moved} of
 * them got {@code missed} messages in total while it was away; {@code sync → synced} over {@code
 * rounds} reconnections (each after its own absence), and what the last one delivered.
 */
public record ReconnectResult(
    String scenario,
    int groups,
    int moved,
    long missed,
    int rounds,
    double minMs,
    double medianMs,
    double maxMs,
    long received,
    long frames,
    long lost,
    long duplicated,
    long reordered) {

  static ReconnectResult of(
      String scenario, int groups, int moved, long missed, List<Reconnector.Back> backs) {
    double[] ms = backs.stream().mapToDouble(b -> b.syncNanos() / 1e6).sorted().toArray();
    CatchupFeed last = backs.get(backs.size() - 1).feed();
    long lost = 0;
    long duplicated = 0;
    long reordered = 0;
    for (Reconnector.Back b : backs) {
      lost += Math.max(0, missed - (b.feed().messages() - b.feed().duplicated()));
      duplicated += b.feed().duplicated();
      reordered += b.feed().reordered();
    }
    return new ReconnectResult(
        scenario,
        groups,
        moved,
        missed,
        ms.length,
        ms[0],
        ms[ms.length / 2],
        ms[ms.length - 1],
        last.messages(),
        last.frames(),
        lost,
        duplicated,
        reordered);
  }

  boolean clean() {
    return lost + duplicated + reordered == 0;
  }

  static Map<String, String> rows(List<ReconnectResult> results) {
    Map<String, String> rows = Report.rows();
    for (ReconnectResult r : results) {
      rows.put(
          r.scenario(),
          String.format(
              "in %,d groups, %,d moved, %,d missed: sync→synced min/median/max %.2f / %.2f / %.2f"
                  + " ms over %d; got %,d in %,d frames; lost/dup/reordered %d/%d/%d",
              r.groups(),
              r.moved(),
              r.missed(),
              r.minMs(),
              r.medianMs(),
              r.maxMs(),
              r.rounds(),
              r.received(),
              r.frames(),
              r.lost(),
              r.duplicated(),
              r.reordered()));
    }
    return rows;
  }
}
