package dev.parley.bench.cpu;

/**
 * The fields of one {@code /proc/<pid>/stat} line that CPU accounting needs. {@code ticks} is the
 * process's user and system time plus that of its children it has already waited for ({@code
 * cutime}, {@code cstime}), in clock ticks: summed over a process tree, the total never goes back
 * when a child exits and is reaped, because its time moves into its parent's figure.
 */
public record ProcStat(long pid, long ppid, long ticks) {

  /**
   * Parses a stat line. The command name in (…) may contain spaces and parentheses; the fields
   * after the last ')' are fixed: state, ppid, … utime (14th field of the line), stime, cutime,
   * cstime.
   */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = open + name(line).length() + 1;
    long pid = Long.parseLong(line.substring(0, open).trim());
    String[] f = line.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 of the line (state), so field n is f[n - 3].
    long ppid = Long.parseLong(f[1]);
    long ticks = 0;
    for (int field = 14; field <= 17; field++) {
      ticks += Long.parseLong(f[field - 3]);
    }
    return new ProcStat(pid, ppid, ticks);
  }

  /** The command name of a stat line (a thread's name, for a task's line). */
  static String name(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
    }
    return line.substring(open + 1, close);
  }
}
