package dev.parley.bench.groups;

import dev.parley.bench.report.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes on disk per message for each kind of conversation (see {@link StoreFootprint} for the two
 * ways of counting), and what creating the groups cost per member.
 */
public record DiskResult(
    int messagesPerKind,
    int bodyBytes,
    List<Kind> kinds,
    double groupCreationBytesPerMember,
    Map<String, FamilyDelta> groupCreationPerMember) {

  /** Growth of one column family, divided by the messages (or members) that caused it. */
  public record FamilyDelta(double bytes, double keys) {}

  /** One kind of conversation: what {@code messagesPerKind} messages added, per message. */
  public record Kind(
      String kind,
      int members,
      double asLeftBytesPerMessage,
      double walBytesPerMessage,
      double compactedBytesPerMessage,
      double ratioToOneToOne,
      Map<String, FamilyDelta> perMessage) {}

  static Map<String, FamilyDelta> deltas(StoreFootprint before, StoreFootprint after, double per) {
    return deltas(before.families(), after.families(), per);
  }

  /**
   * Each family's (or table's) growth from {@code before} to {@code after} divided by {@code per},
   * leaving out those that did not grow with it.
   */
  static Map<String, FamilyDelta> deltas(
      Map<String, StoreFootprint.Family> before,
      Map<String, StoreFootprint.Family> after,
      double per) {
    Map<String, FamilyDelta> out = new LinkedHashMap<>();
    after.forEach(
        (name, f) -> {
          StoreFootprint.Family b = before.getOrDefault(name, new StoreFootprint.Family(0, 0));
          double bytes = (f.bytes() - b.bytes()) / per;
          double keys = (f.keys() - b.keys()) / per;
          // A family that moved by less than a byte and a hundredth of a key per message grew
          // with the run (a header, a receipt event), not with each message.
          if (Math.abs(bytes) >= 1 || Math.abs(keys) >= 0.01) {
            out.put(
                name, new FamilyDelta((f.bytes() - b.bytes()) / per, (f.keys() - b.keys()) / per));
          }
        });
    return out;
  }

  Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put(
        "messages per kind / body", String.format("%,d / %d bytes", messagesPerKind, bodyBytes));
    for (Kind k : kinds) {
      StringBuilder families = new StringBuilder();
      k.perMessage()
          .forEach(
              (name, d) ->
                  families.append(
                      String.format(" %s %.0f B/%.2f keys;", name, d.bytes(), d.keys())));
      rows.put(
          k.kind(),
          String.format(
              "compacted %.0f B/msg (%.2f× 1:1), as left %.0f B/msg (WAL %.0f) —%s",
              k.compactedBytesPerMessage(),
              k.ratioToOneToOne(),
              k.asLeftBytesPerMessage(),
              k.walBytesPerMessage(),
              families));
    }
    StringBuilder families = new StringBuilder();
    groupCreationPerMember.forEach(
        (name, d) ->
            families.append(String.format(" %s %.0f B/%.2f keys;", name, d.bytes(), d.keys())));
    rows.put(
        "creating the groups, per member",
        String.format("compacted %.0f B —%s", groupCreationBytesPerMember, families));
    return rows;
  }
}
