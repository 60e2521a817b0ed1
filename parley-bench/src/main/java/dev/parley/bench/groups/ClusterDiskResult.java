package dev.parley.bench.groups;

import dev.parley.bench.report.Report;
import java.util.List;
import java.util.Map;

/**
 * Bytes in the Cassandra keyspace per message for each kind of conversation, flushed and
 * major-compacted, as the tables compress ({@code compression}); and what creating the groups cost
 * per member. Per table, {@link DiskResult.FamilyDelta#keys()} counts rows. {@code
 * machineBusyPercent}: the whole machine's busy time over the run, in percent of one core.
 */
public record ClusterDiskResult(
    int messagesPerKind,
    int bodyBytes,
    String compression,
    List<Kind> kinds,
    double groupCreationBytesPerMember,
    Map<String, DiskResult.FamilyDelta> groupCreationPerMember,
    double machineBusyPercent,
    String loadAverage) {

  /** One kind of conversation: what {@code messagesPerKind} messages added, per message. */
  public record Kind(
      String kind,
      int members,
      double bytesPerMessage,
      double ratioToOneToOne,
      Map<String, DiskResult.FamilyDelta> perTable) {}

  /** {@code bytes} as a multiple of a 1:1 message's; 0 while that is unknown. */
  static double ratio(double bytes, double oneToOneBytes) {
    return oneToOneBytes <= 0 ? 0 : bytes / oneToOneBytes;
  }

  Map<String, String> rows() {
    Map<String, String> rows = Report.rows();
    rows.put(
        "messages per kind / body",
        String.format("%,d / %d bytes (random base64 padding)", messagesPerKind, bodyBytes));
    rows.put("compression", compression);
    for (Kind k : kinds) {
      rows.put(
          k.kind(),
          String.format(
              "%.0f B/msg (%.2f× 1:1) —%s",
              k.bytesPerMessage(), k.ratioToOneToOne(), tables(k.perTable())));
    }
    rows.put(
        "creating the groups, per member",
        String.format("%.0f B —%s", groupCreationBytesPerMember, tables(groupCreationPerMember)));
    rows.put(
        "machine",
        String.format(
            "busy %.0f %% of one core over the run (2 cores: the engines, the node, the bench and"
                + " other processes); load average at the end %s",
            machineBusyPercent, loadAverage));
    return rows;
  }

  private static String tables(Map<String, DiskResult.FamilyDelta> perTable) {
    StringBuilder out = new StringBuilder();
    perTable.forEach(
        (name, d) -> out.append(String.format(" %s %.0f B/%.2f rows;", name, d.bytes(), d.keys())));
    return out.toString();
  }
}
