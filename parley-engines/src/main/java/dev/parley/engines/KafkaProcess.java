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

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    // Fail a probe fast while the broker boots instead of retrying inside one call for a minute.
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    return Admin.create(props);
  }

  private boolean servesMetadata() throws Exception {
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }
}
