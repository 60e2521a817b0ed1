package dev.parley.acceptance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the module names promise: the core knows no transport or database, the store no
 * gateway.
 */
class LayeringTest {
  private static JavaClasses parley;

  @BeforeAll
  static void importClasses() {
    parley =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley");
  }

  @Test
  void protocolDependsOnNothingOfParley() {
    noClasses()
        .that()
        .resideInAPackage("dev.parley.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.parley.core..", "dev.parley.server..", "dev.parley.store..", "io.netty..")
        .check(parley);
  }

  @Test
  void coreKnowsNoTransportAndNoDatabase() {
    noClasses()
        .that()
        .resideInAPackage("dev.parley.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..",
            "org.rocksdb..",
            "dev.parley.server..",
            "dev.parley.store..",
            "dev.parley.cli..",
            "dev.parley.cluster..",
            "org.apache.kafka..",
            "com.datastax..",
            "io.lettuce..")
        .check(parley);
  }

  /**
   * The core takes its own commands and returns its own results; the gateway converts frames. What
   * it still pushes as frames (the feed, sync markers, presence, typing) is listed here until the
   * push path gets core events too: shrink the list, never grow it.
   */
  @Test
  void coreTakesNoClientFramesAndAnswersWithNoReplyFrames() {
    Set<String> stillPushedAsFrames =
        Set.of(
            ServerFrame.class.getName(),
            ServerFrame.Feed.class.getName(),
            ServerFrame.Synced.class.getName(),
            ServerFrame.Presence.class.getName(),
            ServerFrame.Typing.class.getName());
    DescribedPredicate<JavaClass> wireRequestsAndReplies =
        DescribedPredicate.describe(
            "client frames, reply frames, or their parts (other than " + stillPushedAsFrames + ")",
            c ->
                isOrNestsIn(c, ClientFrame.class)
                    || (isOrNestsIn(c, ServerFrame.class)
                        && !stillPushedAsFrames.contains(c.getName()))
                    || isOrNestsIn(c, ConversationSummary.class)
                    || c.isEquivalentTo(Peer.class));
    noClasses()
        .that()
        .resideInAPackage("dev.parley.core..")
        .should()
        .dependOnClassesThat(wireRequestsAndReplies)
        .check(parley);
  }

  private static boolean isOrNestsIn(JavaClass c, Class<?> outer) {
    return c.getName().equals(outer.getName()) || c.getName().startsWith(outer.getName() + "$");
  }

  @Test
  void clusterImplementsSeamsAndKnowsNoGatewayAndNoEmbeddedStore() {
    noClasses()
        .that()
        .resideInAPackage("dev.parley.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..", "dev.parley.server..", "dev.parley.store..", "org.rocksdb..")
        .check(parley);
  }

  @Test
  void clusterEnginesStayInTheirPackages() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.parley.cluster.cassandra..", "dev.parley.cluster.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "dev.parley.cluster.kafka..")
        .check(parley);
    noClasses()
        .that()
        .resideInAnyPackage("dev.parley.cluster.kafka..", "dev.parley.cluster.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.datastax..")
        .check(parley);
  }

  @Test
  void storesKnowNoGateway() {
    noClasses()
        .that()
        .resideInAPackage("dev.parley.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "dev.parley.server..")
        .check(parley);
  }
}
