package dev.parley.acceptance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
   * The core owns its model: it takes commands, returns results and pushes events of its own, and
   * the stores and the cluster persist those in their own encodings. Frames are the gateway's and
   * the SDK's business alone, so a wire change never touches the domain or data on disk.
   */
  @Test
  void coreStoresAndClusterKnowNoWireFrames() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.parley.core..", "dev.parley.store..", "dev.parley.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.parley.protocol..")
        .check(parley);
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
