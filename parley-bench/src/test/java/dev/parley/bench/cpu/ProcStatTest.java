package dev.parley.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void sumsUserSystemAndReapedChildrenTime() {
    // A real line of a java process: utime 1500, stime 300, cutime 7, cstime 3.
    String line =
        "5261 (java) S 1 5250 5250 0 -1 4194560 123 0 0 0 1500 300 7 3 20 0 97 0 4480 "
            + "4128768000 150000 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";

    ProcStat stat = ProcStat.parse(line);

    assertThat(stat).isEqualTo(new ProcStat(5261, 1, 1810));
  }

  @Test
  void commandNamesWithSpacesAndParenthesesDoNotShiftTheFields() {
    String line = "42 (nginx: worker (x) ) R 41 41 41 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 1 0 0";

    assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat(42, 41, 30));
  }

  @Test
  void readsThisProcessFromProc() throws Exception {
    Path self = Path.of("/proc/self/stat");
    if (!Files.exists(self)) {
      return; // not Linux
    }
    ProcStat stat = ProcStat.parse(Files.readString(self));

    assertThat(stat.pid()).isPositive();
    assertThat(stat.ppid()).isPositive();
  }

  @Test
  void rejectsWhatIsNotAStatLine() {
    assertThatThrownBy(() -> ProcStat.parse("no parentheses here"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTreeCountsItsRootChildrenAndGrandchildrenOnly() {
    ProcessTable table =
        new ProcessTable(
            List.of(
                new ProcStat(1, 0, 5),
                new ProcStat(100, 1, 1000), // nginx master
                new ProcStat(101, 100, 200), // its worker
                new ProcStat(102, 101, 30), // a grandchild
                new ProcStat(200, 1, 7000))); // an unrelated process

    assertThat(table.treeTicks(100)).isEqualTo(1230);
    assertThat(table.treeTicks(101)).isEqualTo(230);
    assertThat(table.treeTicks(999)).isZero();
    assertThat(table.tree(100)).containsExactlyInAnyOrder(100L, 101L, 102L);
    assertThat(table.tree(999)).isEmpty();
    assertThat(table.contains(200)).isTrue();
  }

  @Test
  void theLiveTableHasThisJvm() {
    ProcessTable table = ProcessTable.read();
    if (!Files.exists(Path.of("/proc/self/stat"))) {
      return;
    }
    assertThat(table.contains(ProcessHandle.current().pid())).isTrue();
  }
}
