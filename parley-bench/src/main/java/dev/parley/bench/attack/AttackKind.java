package dev.parley.bench.attack;

/** The attacks of the hostile-clients issue, by the name the command line uses. */
enum AttackKind {
  PING_FLOOD("ping-flood"),
  ERROR_FLOOD("error-flood"),
  SLOWLORIS("slowloris"),
  READ_FLOOD("read-flood");

  final String label;

  AttackKind(String label) {
    this.label = label;
  }

  static AttackKind of(String label) {
    for (AttackKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown attack " + label + "; one of ping-flood, error-flood, slowloris, read-flood");
  }
}
