package dev.parley.bench.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDiskResultTest {

  @Test
  void aTableCountsByItsGrowthPerMessageAndOneThatDidNotGrowWithTheMessagesIsLeftOut() {
    Map<String, StoreFootprint.Family> before =
        Map.of(
            "messages", new StoreFootprint.Family(1_000, 10),
            "meta", new StoreFootprint.Family(5_000, 1));
    Map<String, StoreFootprint.Family> after =
        Map.of(
            "messages", new StoreFootprint.Family(31_000, 210),
            "meta", new StoreFootprint.Family(5_050, 1),
            "group_stream", new StoreFootprint.Family(12_000, 2_400));

    Map<String, DiskResult.FamilyDelta> perMessage = DiskResult.deltas(before, after, 200);

    assertThat(perMessage)
        .containsOnlyKeys("messages", "group_stream")
        .containsEntry("messages", new DiskResult.FamilyDelta(150, 1))
        .containsEntry("group_stream", new DiskResult.FamilyDelta(60, 12));
  }

  @Test
  void theRatioIsToTheOneToOneMessageAndZeroUntilThatIsKnown() {
    assertThat(ClusterDiskResult.ratio(300, 600)).isEqualTo(0.5);
    assertThat(ClusterDiskResult.ratio(300, 0)).isZero();
  }
}
