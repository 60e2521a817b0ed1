package dev.parley.server.config;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.messaging.RateLimits;
import dev.parley.server.ParleyServer;
import dev.parley.server.StopSignals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley server}: runs a node, embedded (the default) or of a cluster, until interrupted.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Parley server with the embedded store (RocksDB under --data-dir); nothing else to install.",
      "With --mode cluster it runs one node of a cluster over Kafka, Cassandra and Redis instead.",
      "",
      "Every option can also come from the environment variable PARLEY_<OPTION> (e.g. PARLEY_DATA_DIR) or "
          + "from the key <option> (e.g. data-dir=/var/lib/parley) in the properties file given by --config "
          + "or PARLEY_CONFIG. Precedence: flag, environment, file, default.",
      "",
    })
public final class ServerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "TCP port for HTTP, WebSocket and the web client (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Directory of the embedded store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--config", description = "Properties file with defaults for these options.")
  Path config;

  @Option(
      names = "--sync-writes",
      defaultValue = "true",
      arity = "1",
      description =
          "fsync before acknowledging a message (default: ${DEFAULT-VALUE}). false risks losing acknowledged messages on power loss.")
  boolean syncWrites;

  @Option(
      names = "--max-frame-bytes",
      defaultValue = "65536",
      description = "Largest WebSocket frame answered normally (default: ${DEFAULT-VALUE}).")
  int maxFrameBytes;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "16384",
      description = "Largest message body in UTF-8 bytes (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(
      names = "--sync-batch",
      defaultValue = "500",
      description = "Most events in one catch-up frame (default: ${DEFAULT-VALUE}).")
  int syncBatch;

  @Option(
      names = "--argon2-memory-kib",
      defaultValue = "19456",
      description = "Argon2id memory cost per password hash in KiB (default: ${DEFAULT-VALUE}).")
  int argon2MemoryKib;

  @Option(
      names = "--auth-timeout-ms",
      defaultValue = "10000",
      description = "How long a WebSocket may stay unauthenticated (default: ${DEFAULT-VALUE}).")
  long authTimeoutMillis;

  @Option(
      names = "--heartbeat-ms",
      defaultValue = "20000",
      description =
          "After this much silence from a client the server pings it; after twice this much it closes the connection (4011). Default: ${DEFAULT-VALUE}.")
  long heartbeatMillis;

  @Option(
      names = "--max-outbound-bytes",
      defaultValue = "4194304",
      description =
          "Bytes queued to one connection before it is closed as a slow consumer (4010); it catches up on reconnect. Default: ${DEFAULT-VALUE}.")
  int maxOutboundBytes;

  @Option(
      names = "--max-connections",
      defaultValue = "200000",
      description = "Open WebSocket sessions in total (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--max-connections-per-user",
      defaultValue = "20",
      description = "Open WebSocket sessions per user (default: ${DEFAULT-VALUE}).")
  int maxConnectionsPerUser;

  @Option(
      names = "--rate-messages",
      defaultValue = "50/200",
      description =
          "Per-device send limit as rate/burst, messages per second (default: ${DEFAULT-VALUE}).")
  String rateMessages;

  @Option(
      names = "--rate-receipts",
      defaultValue = "200/400",
      description =
          "Per-device receipt limit as rate/burst per second (default: ${DEFAULT-VALUE}).")
  String rateReceipts;

  @Option(
      names = "--rate-chatter",
      defaultValue = "10/20",
      description =
          "Per-device limit on typing and presence frames as rate/burst per second (default: ${DEFAULT-VALUE}).")
  String rateChatter;

  @Option(
      names = "--rate-reads",
      defaultValue = "20/100",
      description =
          "Per-device limit on history, conversations and sync frames as rate/burst per second (default: ${DEFAULT-VALUE}).")
  String rateReads;

  @Option(
      names = "--rate-opens",
      defaultValue = "1/20",
      description =
          "Per-device limit on open frames (handle look-ups) as rate/burst per second (default: ${DEFAULT-VALUE}).")
  String rateOpens;

  @Option(
      names = "--max-pending-reads",
      defaultValue = "32",
      description =
          "Requests of one connection waiting for the read pool; more are answered overloaded (default: ${DEFAULT-VALUE}).")
  int maxPendingReads;

  @Option(
      names = "--rate-registrations",
      defaultValue = "20/10",
      description =
          "Registrations per remote address as rate per hour/burst (default: ${DEFAULT-VALUE}). Behind a proxy"
              + " that hides client addresses every client shares one address: raise it.")
  String rateRegistrations;

  @Option(
      names = "--max-devices-per-user",
      defaultValue = "32",
      description =
          "Devices one user may have; a log-in beyond it revokes the least recently used (default: ${DEFAULT-VALUE}).")
  int maxDevicesPerUser;

  @Option(
      names = "--device-idle-days",
      defaultValue = "90",
      description = "A device unused for this many days is revoked (default: ${DEFAULT-VALUE}).")
  int deviceIdleDays;

  @Option(
      names = "--presence-window-ms",
      defaultValue = "300",
      description =
          "Presence changes of a user are coalesced over this window (default: ${DEFAULT-VALUE}).")
  long presenceWindowMillis;

  @Option(
      names = "--typing-ttl-ms",
      defaultValue = "6000",
      description =
          "A typing indicator expires after this long without a refresh (default: ${DEFAULT-VALUE}).")
  long typingTtlMillis;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate chain: serve https and wss instead of http and ws.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--mode",
      defaultValue = "embedded",
      description =
          "embedded (one node, RocksDB under --data-dir) or cluster (Kafka, Cassandra and Redis; see the --kafka ... options). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Cluster mode: Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--cassandra",
      defaultValue = "127.0.0.1:9042",
      description =
          "Cluster mode: Cassandra contact points, host:port,... (default: ${DEFAULT-VALUE}).")
  String cassandra;

  @Option(
      names = "--cassandra-datacenter",
      defaultValue = "datacenter1",
      description = "Cluster mode: the local Cassandra datacenter (default: ${DEFAULT-VALUE}).")
  String cassandraDatacenter;

  @Option(
      names = "--redis",
      defaultValue = "redis://127.0.0.1:6379",
      description = "Cluster mode: Redis URI (default: ${DEFAULT-VALUE}).")
  String redis;

  @Option(
      names = "--node-id",
      description =
          "Cluster mode: this node's id, unique in the cluster (default: host name and port).")
  String nodeId;

  @Option(
      names = "--cluster-name",
      defaultValue = "parley",
      description =
          "Cluster mode: names the topics, keyspace and Redis keys; the same on every node (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(
      names = "--command-partitions",
      defaultValue = "12",
      description =
          "Cluster mode: partitions of the commands topic, set when the cluster is created (default: ${DEFAULT-VALUE}).")
  int commandPartitions;

  @Option(
      names = "--feed-partitions",
      defaultValue = "12",
      description =
          "Cluster mode: partitions of the feed topic, set when the cluster is created (default: ${DEFAULT-VALUE}).")
  int feedPartitions;

  @Option(
      names = "--replication",
      defaultValue = "1",
      description =
          "Cluster mode: replication factor of topics and keyspace; 3 in production (default: ${DEFAULT-VALUE}).")
  int replication;

  public ServerConfig toConfig() {
    int[] m = rate(rateMessages, "--rate-messages");
    int[] r = rate(rateReceipts, "--rate-receipts");
    int[] c = rate(rateChatter, "--rate-chatter");
    int[] reads = rate(rateReads, "--rate-reads");
    int[] opens = rate(rateOpens, "--rate-opens");
    int[] registrations = rate(rateRegistrations, "--rate-registrations");
    LoginLimits login = LoginLimits.DEFAULTS;
    return ServerConfig.builder(dataDir)
        .host(host)
        .port(port)
        .syncWrites(syncWrites)
        .maxFrameBytes(maxFrameBytes)
        .maxBodyBytes(maxBodyBytes)
        .syncBatch(syncBatch)
        .argon2MemoryKib(argon2MemoryKib)
        .authTimeout(Duration.ofMillis(authTimeoutMillis))
        .heartbeat(Duration.ofMillis(heartbeatMillis))
        .maxOutboundBytes(maxOutboundBytes)
        .maxConnections(maxConnections)
        .maxConnectionsPerUser(maxConnectionsPerUser)
        .rateLimits(
            new RateLimits(m[0], m[1], r[0], r[1], c[0], c[1])
                .withReads(reads[0], reads[1])
                .withOpens(opens[0], opens[1])
                .withMaxPendingReads(maxPendingReads))
        .loginLimits(
            new LoginLimits(
                login.freeFailures(),
                login.firstDelay(),
                login.maxDelay(),
                login.forgetAfter(),
                login.addressFailureBurst(),
                login.addressFailureInterval(),
                registrations[1],
                Duration.ofHours(1).dividedBy(Math.max(1, registrations[0])),
                login.maxTracked()))
        .deviceLimits(
            new DeviceLimits(
                maxDevicesPerUser,
                Duration.ofDays(deviceIdleDays),
                DeviceLimits.DEFAULTS.touchInterval()))
        .presenceWindow(Duration.ofMillis(presenceWindowMillis))
        .typingTtl(Duration.ofMillis(typingTtlMillis))
        .tls(tlsCert, tlsKey)
        .cluster(clusterConfig())
        .build();
  }

  private ClusterConfig clusterConfig() {
    if (mode.equals("embedded")) {
      return null;
    }
    if (!mode.equals("cluster")) {
      throw new IllegalArgumentException("--mode must be embedded or cluster");
    }
    String id = nodeId != null ? nodeId : hostName() + "-" + port;
    return new ClusterConfig(
        kafka,
        Arrays.stream(cassandra.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        cassandraDatacenter,
        redis,
        id,
        clusterName,
        commandPartitions,
        feedPartitions,
        replication);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "_");
    } catch (UnknownHostException e) {
      return "node";
    }
  }

  private static int[] rate(String value, String option) {
    String[] parts = value.split("/");
    try {
      return new int[] {
        Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[parts.length - 1].trim())
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must look like 50/200 (rate per second / burst)");
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    ParleyServer server = ParleyServer.start(toConfig());
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM/SIGINT: close here and exit 0. The hook covers any other way the JVM ends.
    Thread hook = new Thread(server::close, "parley-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    StopSignals.onStop(stop::countDown);
    System.out.println(
        "Parley is running: open http://localhost:" + server.port() + "/ (Ctrl-C to stop)");
    stop.await();
    Runtime.getRuntime().removeShutdownHook(hook);
    server.close();
    return 0;
  }
}
