package dev.parley.bench.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import dev.parley.server.config.ServerOptions;
import dev.parley.testing.TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskRunTest {

  @Test
  void aGroupMessageIsStoredOnceWhateverTheGroupsSize() throws Exception {
    try (TestServer server = TestServer.start();
        Accounts accounts = new Accounts(server.httpUri(), null, 2)) {
      server.stop();
      ServerControl control =
          new ServerControl() {
            @Override
            public Running start() {
              server.begin();
              return new Running(new ServerTarget(server.httpUri(), 0), accounts);
            }

            @Override
            public void stop() {
              server.stop();
            }

            @Override
            public Path dataDir() {
              return server.dataDir();
            }
          };

      DiskResult result =
          new DiskRun(
                  control,
                  ServerOptions.GROUP_MAX_ADDED.defaultValue(),
                  new PrintStream(OutputStream.nullOutputStream()))
              .run(new DiskPlan(List.of(3, 300), 200, 100, "dk"));

      assertThat(result.kinds())
          .extracting(DiskResult.Kind::kind)
          .containsExactly("1:1", "group of 3", "group of 300");
      DiskResult.Kind oneToOne = result.kinds().get(0);
      // A 1:1 message: its row, its idempotency key and a feed row for each of the two users.
      assertThat(oneToOne.perMessage().get("messages").keys()).isEqualTo(1.0);
      assertThat(oneToOne.perMessage().get("feed").keys()).isEqualTo(2.0);
      assertThat(oneToOne.perMessage()).doesNotContainKey("gstream");
      for (DiskResult.Kind group : result.kinds().subList(1, 3)) {
        // A group message: its row, its key and one stream row, however many members.
        assertThat(group.perMessage().get("messages").keys()).isEqualTo(1.0);
        assertThat(group.perMessage().get("idempotency").keys()).isEqualTo(1.0);
        assertThat(group.perMessage().get("gstream").keys()).isEqualTo(1.0);
        // No feed row per message: at most a group-wide receipt event for the sender, once.
        double feedRows =
            group.perMessage().getOrDefault("feed", new DiskResult.FamilyDelta(0, 0)).keys();
        assertThat(feedRows * 200).isLessThanOrEqualTo(1);
        assertThat(group.compactedBytesPerMessage()).isPositive();
        assertThat(group.walBytesPerMessage()).isPositive();
      }
      // Creating the groups wrote a member row, a user-index row and a receipt row per member.
      assertThat(result.groupCreationPerMember().get("usergroups").keys()).isEqualTo(1.0);
    }
  }
}
