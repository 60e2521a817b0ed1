package dev.parley.engines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka in KRaft mode (one process is broker and controller), run from the {@code
 * kafka_2.13} artifact in its own JVM.
 *
 * <p>Starting formats the storage with a fresh cluster id ({@code kafka.tools.StorageTool format}),
 * then runs {@code kafka.Kafka} with {@code cluster/kafka/server.properties} filled in with free
 * ports and the data directory. Ready means an {@link Admin} client got the cluster's metadata from
 * the broker.
 */
public final class KafkaProcess extends RunningEngine {
  private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  /** An admin call of a test's set-up; see {@link #admin()}. */
  public static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(60);

  private KafkaProcess(EngineProcess process, int port) {
    super(process, port);
  }

  /**
   * Starts a broker with its logs and data under {@code dataDir} and returns once it serves
   * metadata.
   */
  public static KafkaProcess start(ClusterDirectory cluster, Path dataDir) {
    int brokerPort = LoopbackPorts.free();
    int controllerPort = LoopbackPorts.free();
    Path config =
        cluster.render(
            "kafka/server.properties",
            dataDir.resolve("server.properties"),
            Map.of(
                "BROKER_PORT", Integer.toString(brokerPort),
                "CONTROLLER_PORT", Integer.toString(controllerPort),
                "DATA_DIR", dataDir.toString()));
    String classpath = EngineClasspath.of(cluster, "kafka");
    List<String> jvm = new ArrayList<>(cluster.jvmOptions("kafka/jvm.options"));
    jvm.add("-Dkafka.logs.dir=" + dataDir.resolve("logs"));
    jvm.add("-Dlog4j2.configurationFile=" + cluster.file("kafka/log4j2.properties"));

    EngineProcess.runToCompletion(
        "kafka-storage-format",
        JavaCommand.of(
            jvm,
            classpath,
            "kafka.tools.StorageTool",
            List.of(
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString())),
        dataDir,
        dataDir.resolve("logs/format.out"),
        FORMAT_TIMEOUT);
    EngineProcess broker =
        EngineProcess.start(
            "kafka",
            JavaCommand.of(jvm, classpath, "kafka.Kafka", List.of(config.toString())),
            dataDir,
            dataDir.resolve("logs/stdout.log"));
    KafkaProcess kafka = new KafkaProcess(broker, brokerPort);
    try {
      broker.awaitReady(
          READY_TIMEOUT, () -> LoopbackPorts.accepts(brokerPort) && kafka.servesMetadata());
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return kafka;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port();
  }

  /**
   * A new admin client for this broker, for a test's set-up (creating topics, reading offsets); the
   * caller closes it. Its calls may take {@link #SET_UP_TIMEOUT}: on a loaded machine a broker
   * shared by every test class can take seconds to create a topic, which is not the failure a test
   * is about.
   */
  public Admin admin() {
    return admin(SET_UP_TIMEOUT, SET_UP_TIMEOUT);
  }

  private Admin admin(Duration apiTimeout, Duration requestTimeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    return Admin.create(props);
  }

  private boolean servesMetadata() throws Exception {
    // Fail a probe fast while the broker boots instead of retrying inside one call for a minute:
    // the probe is repeated until READY_TIMEOUT anyway.
    try (Admin admin = admin(Duration.ofSeconds(5), Duration.ofSeconds(4))) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }
}
