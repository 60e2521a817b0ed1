package dev.parley.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ReceiptPosition;
import org.junit.jupiter.api.Test;

class GroupReceiptsTest {

  @Test
  void theAggregateIsTheSlowestCurrentMember() {
    GroupReceipts r = new GroupReceipts();
    r.track("a", new ReceiptPosition(1, 1));
    r.track("b", new ReceiptPosition(1, 1));
    r.track("c", new ReceiptPosition(1, 1));

    r.advance("a", 5, 5, 10);
    r.advance("b", 7, 3, 10);
    assertThat(r.aggregate()).isEqualTo(new GroupReceipts.Aggregate(1, 1));

    r.advance("c", 4, 2, 10);
    assertThat(r.aggregate()).isEqualTo(new GroupReceipts.Aggregate(4, 2));

    r.untrack("c");
    assertThat(r.aggregate()).isEqualTo(new GroupReceipts.Aggregate(5, 3));
  }

  @Test
  void positionsOnlyMoveForwardAreClampedAndNonMembersAreIgnored() {
    GroupReceipts r = new GroupReceipts();
    r.track("a", new ReceiptPosition(3, 3));

    assertThat(r.advance("a", 2, 1, 10)).isNull();
    assertThat(r.advance("a", 99, 0, 10)).isEqualTo(new ReceiptPosition(10, 3));
    assertThat(r.advance("x", 5, 5, 10)).isNull();
    assertThat(r.tracks("x")).isFalse();
  }

  @Test
  void readByIsPagedByUserId() {
    GroupReceipts r = new GroupReceipts();
    for (String u : new String[] {"d", "a", "c", "b", "e"}) {
      r.track(u, new ReceiptPosition(1, 1));
    }
    r.advance("a", 5, 5, 9);
    r.advance("c", 5, 5, 9);
    r.advance("d", 5, 4, 9);
    r.advance("e", 9, 9, 9);

    assertThat(r.reached(5, true, null, 2)).containsExactly("a", "c");
    assertThat(r.reached(5, true, "c", 2)).containsExactly("e");
    assertThat(r.reached(5, false, null, 10)).containsExactly("a", "c", "d", "e");
  }
}
