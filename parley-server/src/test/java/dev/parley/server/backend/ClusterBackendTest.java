package dev.parley.server.backend;

import static dev.parley.server.config.ServerOptions.CASSANDRA;
import static dev.parley.server.config.ServerOptions.CASSANDRA_DATACENTER;
import static dev.parley.server.config.ServerOptions.CASSANDRA_MAX_REQUESTS;
import static dev.parley.server.config.ServerOptions.CLUSTER_NAME;
import static dev.parley.server.config.ServerOptions.COMMAND_PARTITIONS;
import static dev.parley.server.config.ServerOptions.FEED_MAX_BATCH;
import static dev.parley.server.config.ServerOptions.FEED_PARTITIONS;
import static dev.parley.server.config.ServerOptions.KAFKA;
import static dev.parley.server.config.ServerOptions.KAFKA_LINGER;
import static dev.parley.server.config.ServerOptions.KAFKA_SESSION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.KAFKA_TRANSACTION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.NODE_ID;
import static dev.parley.server.config.ServerOptions.PORT;
import static dev.parley.server.config.ServerOptions.RECENT_MESSAGES;
import static dev.parley.server.config.ServerOptions.RECENT_MESSAGES_TTL;
import static dev.parley.server.config.ServerOptions.REDIS;
import static dev.parley.server.config.ServerOptions.REPLICATION;
import static dev.parley.server.config.ServerOptions.REPLY_TIMEOUT;
import static dev.parley.server.config.ServerOptions.SEQUENCER_CACHE;
import static dev.parley.server.config.ServerOptions.SEQUENCER_MAX_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each cluster option reaches its own field of the cluster's settings (no engines needed). */
class ClusterBackendTest {

  @Test
  void everyClusterOptionReachesItsField() {
    ServerConfig config =
        ServerConfig.builder()
            .parse(KAFKA, "k:1")
            .parse(CASSANDRA, "c1:2,c2")
            .parse(CASSANDRA_DATACENTER, "dc")
            .parse(REDIS, "redis://r:3")
            .parse(NODE_ID, "n-1")
            .parse(CLUSTER_NAME, "c_x")
            .parse(COMMAND_PARTITIONS, "4")
            .parse(FEED_PARTITIONS, "5")
            .parse(REPLICATION, "6")
            .parse(REPLY_TIMEOUT, "7000")
            .parse(SEQUENCER_MAX_BATCH, "8")
            .parse(FEED_MAX_BATCH, "9")
            .parse(SEQUENCER_CACHE, "10")
            .parse(KAFKA_SESSION_TIMEOUT, "11000")
            .parse(KAFKA_TRANSACTION_TIMEOUT, "12000")
            .parse(KAFKA_LINGER, "13")
            .parse(CASSANDRA_MAX_REQUESTS, "14")
            .parse(RECENT_MESSAGES, "15")
            .parse(RECENT_MESSAGES_TTL, "16000")
            .build();
    ClusterSettings s = ClusterBackend.settings(config);
    assertThat(s.kafka()).isEqualTo("k:1");
    assertThat(s.cassandra())
        .containsExactly(new InetSocketAddress("c1", 2), new InetSocketAddress("c2", 9042));
    assertThat(s.cassandraDatacenter()).isEqualTo("dc");
    assertThat(s.redisUri()).isEqualTo("redis://r:3");
    assertThat(s.nodeId()).isEqualTo("n-1");
    assertThat(s.name()).isEqualTo("c_x");
    assertThat(s.commandPartitions()).isEqualTo(4);
    assertThat(s.feedPartitions()).isEqualTo(5);
    assertThat(s.replication()).isEqualTo(6);
    assertThat(s.replyTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.sequencerMaxBatch()).isEqualTo(8);
    assertThat(s.feedMaxBatch()).isEqualTo(9);
    assertThat(s.sequencerCache()).isEqualTo(10);
    assertThat(s.kafkaSessionTimeout()).isEqualTo(Duration.ofSeconds(11));
    assertThat(s.kafkaTransactionTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(s.kafkaLinger()).isEqualTo(Duration.ofMillis(13));
    assertThat(s.cassandraMaxRequests()).isEqualTo(14);
    assertThat(s.recentMessages()).isEqualTo(15);
    assertThat(s.recentMessagesTtl()).isEqualTo(Duration.ofSeconds(16));
    assertThat(s.commandsTopic()).isEqualTo("c_x.commands");
    assertThat(s.redisPrefix()).isEqualTo("c_x:");
  }

  @Test
  void withoutANodeIdTheNodeIsNamedByHostAndPort() {
    ServerConfig config = ServerConfig.builder().set(PORT, 7071).build();
    assertThat(ClusterBackend.settings(config).nodeId()).endsWith("-7071");
  }
}
