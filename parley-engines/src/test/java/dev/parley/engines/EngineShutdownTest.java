package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Each engine, started privately (not the shared one), leaves neither its process nor its port
 * behind.
 */
class EngineShutdownTest {
  private final ClusterDirectory cluster = ClusterDirectory.locate();

  @Test
  void stoppedRedisLeavesNothingBehind() {
    RedisProcess redis = RedisProcess.start(cluster, Engines.newDataDirectory("redis-stop"));
    assertStopsCompletely(redis, redis.pid(), redis.port());
  }

  @Test
  void stoppedKafkaLeavesNothingBehind() {
    KafkaProcess kafka = KafkaProcess.start(cluster, Engines.newDataDirectory("kafka-stop"));
    assertStopsCompletely(kafka, kafka.pid(), kafka.port());
  }

  @Test
  void stoppedCassandraLeavesNothingBehind() {
    CassandraProcess cassandra =
        CassandraProcess.start(cluster, Engines.newDataDirectory("cassandra-stop"));
    assertStopsCompletely(cassandra, cassandra.pid(), cassandra.port());
  }

  private static void assertStopsCompletely(AutoCloseable engine, long pid, int port) {
    assertThat(ProcessHandle.of(pid))
        .as("running before close")
        .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(LoopbackPorts.isFree(port)).as("port held before close").isFalse();
    try {
      engine.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("process " + pid + " after close")
        .isEmpty();
    assertThat(ProcessHandle.current().descendants().filter(p -> p.pid() == pid)).isEmpty();
    assertThat(LoopbackPorts.isFree(port)).as("port " + port + " after close").isTrue();
  }
}
