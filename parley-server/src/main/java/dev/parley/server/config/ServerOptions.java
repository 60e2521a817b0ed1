package dev.parley.server.config;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.messaging.RateLimits;
import dev.parley.server.gateway.TrustedProxies;
import dev.parley.server.gateway.http.OriginPolicy;
import dev.parley.server.push.PushGatewayUrls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every option of {@code parley server}, each declared exactly once: name, type, default, meaning
 * and the values it accepts. The command line ({@link ServerCommand}), {@code --help}, the
 * environment and file keys ({@link ConfigDefaults}) and {@link ServerConfig} all work from these
 * constants; docs/operations.md lists them (a test keeps it complete). Adding an option means
 * declaring it here and reading it with {@link ServerConfig#get} where it is used.
 *
 * <p>Defaults suit one node on a laptop and a modest production node alike; the tuning options
 * (caches, batches, Kafka timeouts) are for operators who measured a reason to change them.
 */
public final class ServerOptions {
  private static final List<Option<?>> declared = new ArrayList<>();

  private ServerOptions() {}

  private static <T> Option<T> declare(Option<T> option) {
    if (declared.stream().anyMatch(o -> o.name().equals(option.name()))) {
      throw new IllegalStateException("declared twice: " + option);
    }
    declared.add(option);
    return option;
  }

  /** How the node stores and routes: on its own disk, or as one node of a cluster. */
  public enum Mode {
    EMBEDDED,
    CLUSTER
  }

  // ---- The node

  public static final Option<Path> CONFIG =
      declare(
          Option.path(
              "config",
              null,
              "Properties file with values for these options, one key per option without the -- "
                  + "(e.g. data-dir=/var/lib/parley)."));

  public static final Option<Mode> MODE =
      declare(
          Option.choice(
              "mode",
              Mode.class,
              Mode.EMBEDDED,
              "embedded: one node, RocksDB under --data-dir. cluster: one node of a cluster over "
                  + "Kafka, Cassandra and Redis (the cluster options)."));

  public static final Option<String> HOST =
      declare(Option.text("host", "0.0.0.0", "Address to listen on."));

  public static final Option<Integer> PORT =
      declare(
          Option.integer(
                  "port",
                  7070,
                  "TCP port for HTTP, WebSocket and the web client; 0 picks a free one. Metrics "
                      + "are on --admin-port.")
              .between(0, 65_535));

  public static final Option<String> ADMIN_HOST =
      declare(
          Option.text(
              "admin-host",
              "127.0.0.1",
              "Address of the admin listener (/metrics, /healthz, /readyz). Loopback: metrics are "
                  + "for the operator, not the internet; a private interface to scrape from "
                  + "another host, never a public one."));

  public static final Option<Integer> ADMIN_PORT =
      declare(
          Option.integer(
                  "admin-port",
                  9070,
                  "Port of the admin listener; 0 picks a free one (the start-up log names it).")
              .between(0, 65_535));

  public static final Option<Path> TLS_CERT =
      declare(
          Option.path(
              "tls-cert",
              null,
              "PEM certificate chain: serve https and wss instead of http and ws."));

  public static final Option<Path> TLS_KEY =
      declare(Option.path("tls-key", null, "PEM (PKCS#8) private key of --tls-cert."));

  // ---- The gateway's defences against hostile clients (docs/operations.md, "Hostile clients")

  public static final Option<List<String>> TRUSTED_PROXIES =
      declare(
          Option.list(
                  "trusted-proxies",
                  "address",
                  String::trim,
                  "Addresses (10.0.0.5) or ranges (10.0.0.0/8, fd00::/8) of proxies whose "
                      + "X-Forwarded-For names the client; anyone else is its own client, whatever "
                      + "it claims. Unset: none.")
              .check(
                  list -> list.stream().allMatch(TrustedProxies::isAddressOrRange),
                  "IP addresses or ranges like 10.0.0.0/8"));

  public static final Option<List<String>> ALLOWED_ORIGINS =
      declare(
          Option.list(
                  "allowed-origins",
                  "origin",
                  OriginPolicy::normalise,
                  "Web origins (https://chat.example.com; * for any) besides the server's own "
                      + "that may call the API and open WebSockets; others get 403. Requests "
                      + "without Origin (not a browser) are allowed. Unset: none.")
              .check(
                  list -> list.stream().allMatch(OriginPolicy::isOrigin),
                  "origins like https://chat.example.com, or *"));

  public static final Option<Integer> MAX_CONNECTIONS_PER_ADDRESS =
      declare(
          Option.integer(
                  "max-connections-per-address",
                  256,
                  "Open connections (HTTP and WebSocket) from one client address, behind a trusted "
                      + "proxy from X-Forwarded-For; 0: no cap. Enough for a household or an "
                      + "office behind one NAT address.")
              .atLeast(0));

  public static final Option<Duration> HTTP_HEADER_TIMEOUT =
      declare(
          Option.millis(
                  "http-header-timeout-ms",
                  Duration.ofSeconds(10),
                  "An HTTP request line and its headers must arrive within this long of their "
                      + "first byte (or of the connection's accept); otherwise 408 and close "
                      + "(slowloris).")
              .atLeast(1));

  public static final Option<Duration> HTTP_BODY_TIMEOUT =
      declare(
          Option.millis(
                  "http-body-timeout-ms",
                  Duration.ofSeconds(30),
                  "An HTTP request body must arrive within this long of its headers; otherwise 408 "
                      + "and close.")
              .atLeast(1));

  public static final Option<Duration> HTTP_IDLE_TIMEOUT =
      declare(
          Option.millis(
                  "http-idle-timeout-ms",
                  Duration.ofSeconds(60),
                  "A keep-alive HTTP connection without a request for this long is closed "
                      + "(WebSocket sessions have heartbeats instead).")
              .atLeast(1));

  // ---- Connections and limits

  public static final Option<Integer> MAX_FRAME_BYTES =
      declare(
          Option.integer(
                  "max-frame-bytes",
                  65_536,
                  "Largest WebSocket frame answered normally; a larger one gets frame_too_large.")
              .atLeast(1_024));

  public static final Option<Integer> MAX_BODY_BYTES =
      declare(
          Option.integer(
                  "max-body-bytes",
                  16_384,
                  "Largest message body in UTF-8 bytes; at most --max-frame-bytes.")
              .atLeast(1));

  public static final Option<Integer> SYNC_BATCH =
      declare(Option.integer("sync-batch", 500, "Most events in one catch-up frame.").atLeast(1));

  public static final Option<Integer> CATCH_UP_BUFFER =
      declare(
          Option.integer(
                  "catch-up-buffer",
                  10_000,
                  "Live events held for one device while it catches up; past this they are dropped "
                      + "and read from the store instead.")
              .atLeast(1));

  public static final Option<Integer> ARGON2_MEMORY_KIB =
      declare(
          Option.integer(
                  "argon2-memory-kib",
                  19_456,
                  "Argon2id memory cost per password hash in KiB (OWASP: 19 MiB). Existing hashes "
                      + "keep the cost they were made with.")
              .atLeast(8));

  public static final Option<Duration> AUTH_TIMEOUT =
      declare(
          Option.millis(
                  "auth-timeout-ms",
                  Duration.ofSeconds(10),
                  "How long a WebSocket may stay unauthenticated.")
              .atLeast(1));

  public static final Option<Duration> HEARTBEAT =
      declare(
          Option.millis(
                  "heartbeat-ms",
                  Duration.ofSeconds(20),
                  "After this much silence from a client the server pings it; after twice this much "
                      + "it closes the connection (4011).")
              .atLeast(1));

  public static final Option<Integer> MAX_OUTBOUND_BYTES =
      declare(
          Option.integer(
                  "max-outbound-bytes",
                  4 << 20,
                  "Bytes queued to one connection before it is closed as a slow consumer (4010); it "
                      + "catches up on reconnect.")
              .atLeast(2));

  public static final Option<Duration> STALL_MS =
      declare(
          Option.millis(
                  "stall-ms",
                  Duration.ofSeconds(10),
                  "A connection whose queue is full and that takes none of it for this long is "
                      + "closed as a slow consumer (4010).")
              .atLeast(1));

  public static final Option<Integer> MAX_CONNECTIONS =
      declare(
          Option.integer("max-connections", 200_000, "Open WebSocket sessions in total.")
              .atLeast(1));

  public static final Option<Integer> MAX_CONNECTIONS_PER_USER =
      declare(
          Option.integer("max-connections-per-user", 20, "Open WebSocket sessions per user.")
              .atLeast(1));

  public static final Option<Rate> RATE_MESSAGES =
      declare(
          Option.rate(
              "rate-messages",
              new Rate(50, 200),
              "Per-device send limit: messages per second / burst."));

  public static final Option<Rate> RATE_RECEIPTS =
      declare(
          Option.rate(
              "rate-receipts",
              new Rate(200, 400),
              "Per-device receipt limit: per second / burst."));

  public static final Option<Rate> RATE_CHATTER =
      declare(
          Option.rate(
              "rate-chatter",
              new Rate(10, 20),
              "Per-device limit on typing and presence frames and the small lookups (group_info, "
                  + "read_by, users): per second / burst."));

  public static final Option<Rate> RATE_BAD_FRAMES =
      declare(
          Option.rate(
              "rate-bad-frames",
              new Rate(5, 50),
              "Per-connection budget for frames that cannot be decoded (bad JSON, unknown type, "
                  + "invalid field, binary, too large): per second / burst; past it the connection "
                  + "is closed (1008)."));

  public static final Option<Rate> RATE_REFUSED_FRAMES =
      declare(
          Option.rate(
              "rate-refused-frames",
              new Rate(100, 1000),
              "Per-connection budget for frames refused by a rate limit or the pending-reads bound "
                  + "(answered rate_limited or overloaded with a retry delay): per second / burst; "
                  + "past it the connection is closed (1008). The burst covers a client's pipelined "
                  + "window."));

  public static final Option<Rate> RATE_READS =
      declare(
          Option.rate(
              "rate-reads",
              new Rate(RateLimits.DEFAULTS.readsPerSecond(), RateLimits.DEFAULTS.readBurst()),
              "Per-device limit on history, conversations and sync frames (each a storage read): "
                  + "per second / burst."));

  public static final Option<Rate> RATE_OPENS =
      declare(
          Option.rate(
              "rate-opens",
              new Rate(RateLimits.DEFAULTS.opensPerSecond(), RateLimits.DEFAULTS.openBurst()),
              "Per-device limit on open frames (handle look-ups, which could enumerate handles): "
                  + "per second / burst."));

  public static final Option<Integer> MAX_PENDING_READS =
      declare(
          Option.integer(
                  "max-pending-reads",
                  RateLimits.DEFAULTS.maxPendingReads(),
                  "Requests of one connection waiting for the read pool; more are answered "
                      + "overloaded at once instead of queueing.")
              .atLeast(1));

  public static final Option<Rate> RATE_REGISTRATIONS =
      declare(
          Option.rate(
              "rate-registrations",
              new Rate(
                  (int)
                      Duration.ofHours(1)
                          .dividedBy(LoginLimits.DEFAULTS.addressRegistrationInterval()),
                  LoginLimits.DEFAULTS.addressRegistrationBurst()),
              "Registrations per client address: per hour / burst. Behind a proxy not in "
                  + "--trusted-proxies every client shares the proxy's address: raise it."));

  public static final Option<Integer> MAX_DEVICES_PER_USER =
      declare(
          Option.integer(
                  "max-devices-per-user",
                  DeviceLimits.DEFAULTS.maxPerUser(),
                  "Devices one user may have; a log-in beyond it revokes the least recently used.")
              .atLeast(1));

  public static final Option<Integer> DEVICE_IDLE_DAYS =
      declare(
          Option.integer(
                  "device-idle-days",
                  (int) DeviceLimits.DEFAULTS.idleExpiry().toDays(),
                  "A device unused for this many days is revoked.")
              .atLeast(1));

  public static final Option<Duration> PRESENCE_WINDOW =
      declare(
          Option.millis(
                  "presence-window-ms",
                  Duration.ofMillis(300),
                  "Presence changes of a user are coalesced over this window.")
              .atLeast(0));

  public static final Option<Duration> TYPING_TTL =
      declare(
          Option.millis(
                  "typing-ttl-ms",
                  Duration.ofSeconds(6),
                  "A typing indicator expires after this long without a refresh.")
              .atLeast(1));

  // ---- Embedded mode: the RocksDB store

  public static final Option<Path> DATA_DIR =
      declare(Option.path("data-dir", Path.of("data"), "Directory of the embedded store."));

  public static final Option<Boolean> SYNC_WRITES =
      declare(
          Option.bool(
              "sync-writes",
              true,
              "fsync before acknowledging a message. false risks losing acknowledged messages on "
                  + "power loss (not on a crash of the process alone)."));

  public static final Option<Integer> STORE_SHARDS =
      declare(
          Option.integer(
                  "store-shards",
                  0,
                  "Sequencer threads the conversations are hashed over; 0: one per core, at least 2.")
              .atLeast(0));

  public static final Option<Integer> STORE_SHARD_QUEUE =
      declare(
          Option.integer(
                  "store-shard-queue",
                  10_000,
                  "Writes queued per sequencer thread; beyond it sends are refused as overloaded.")
              .atLeast(1));

  public static final Option<Integer> STORE_MAX_BATCH =
      declare(
          Option.integer(
                  "store-max-batch", 2_000, "Most writes one group commit (one fsync) takes.")
              .atLeast(1));

  public static final Option<Long> STORE_BLOCK_CACHE_BYTES =
      declare(
          Option.longInteger(
                  "store-block-cache-bytes", 64L << 20, "RocksDB block cache (read cache) size.")
              .atLeast(0));

  public static final Option<Integer> CONVERSATION_CACHE =
      declare(
          Option.integer(
                  "conversation-cache",
                  50_000,
                  "Conversation states each sequencer thread keeps in memory; a conversation not "
                      + "cached is read from disk on its next message.")
              .atLeast(1));

  // ---- Groups

  public static final Option<Integer> GROUP_MAX_MEMBERS =
      declare(
          Option.integer(
                  "group-max-members",
                  10_000,
                  "Most current members of one group, its creator included.")
              .atLeast(2));

  public static final Option<Integer> GROUP_MAX_TITLE =
      declare(
          Option.integer("group-max-title", 100, "Longest group title, in Unicode code points.")
              .atLeast(1));

  public static final Option<Integer> GROUP_CREATIONS_PER_HOUR =
      declare(
          Option.integer("group-creations-per-hour", 30, "Groups one user may create per hour.")
              .atLeast(1));

  public static final Option<Integer> GROUP_MAX_ADDED =
      declare(
          Option.integer(
                  "group-max-added",
                  256,
                  "Most users one create_group or group_add may name (at most 256, the protocol's"
                      + " limit per frame).")
              .between(1, 256));

  // ---- Push notifications (docs/push.md)

  public static final Option<List<String>> PUSH_GATEWAYS =
      declare(
          Option.list(
                  "push-gateways",
                  "name=url",
                  String::trim,
                  "Push gateways devices may register with, by name: dev=http://127.0.0.1:7090/push."
                      + " Each notification for a device without a live session is POSTed to its"
                      + " gateway. Unset: no push notifications.")
              .check(
                  list -> list.stream().allMatch(PushGatewayUrls::isEntry),
                  "entries like name=http(s)://host:port/path (name: 1-32 of a-z0-9_-)"));

  public static final Option<Boolean> PUSH_PREVIEWS =
      declare(
          Option.bool(
              "push-previews",
              false,
              "Put the message's text in notifications (off: only who wrote, where, and how many"
                  + " are unread)."));

  public static final Option<Duration> PUSH_COALESCE =
      declare(
          Option.millis(
                  "push-coalesce-ms",
                  Duration.ofSeconds(5),
                  "At most one notification per device and conversation per this interval; the"
                      + " messages in between are folded into one, with the newest unread count.")
              .atLeast(0));

  public static final Option<Duration> PUSH_MAX_AGE =
      declare(
          Option.millis(
                  "push-max-age-ms",
                  Duration.ofHours(1),
                  "A notification its gateway has not taken this long after its message is"
                      + " dropped.")
              .atLeast(1));

  public static final Option<Duration> PUSH_TIMEOUT =
      declare(
          Option.millis(
                  "push-timeout-ms",
                  Duration.ofSeconds(10),
                  "How long a gateway may take to answer; then the notification is retried.")
              .atLeast(1));

  public static final Option<Duration> PUSH_RETRY_MAX =
      declare(
          Option.millis(
                  "push-retry-max-ms",
                  Duration.ofMinutes(5),
                  "Longest wait between two tries of a notification (the first waits about a"
                      + " second, each next one twice as long).")
              .atLeast(1));

  public static final Option<Integer> PUSH_QUEUE =
      declare(
          Option.integer(
                  "push-queue",
                  100_000,
                  "Notifications held at most (waiting, retried or in flight); beyond it new ones"
                      + " are dropped and counted.")
              .atLeast(1));

  public static final Option<Integer> PUSH_IN_FLIGHT =
      declare(
          Option.integer("push-in-flight", 64, "Gateway requests in flight at most.").atLeast(1));

  // ---- Cluster mode: where the engines are, what the cluster is called

  public static final Option<String> KAFKA =
      declare(
          Option.text(
              "kafka", "127.0.0.1:9092", "Cluster mode: Kafka bootstrap servers, host:port,..."));

  public static final Option<List<InetSocketAddress>> CASSANDRA =
      declare(
          Option.addresses(
              "cassandra",
              9042,
              List.of(new InetSocketAddress("127.0.0.1", 9042)),
              "Cluster mode: Cassandra contact points, host:port,... (port 9042 if left out)."));

  public static final Option<String> CASSANDRA_DATACENTER =
      declare(
          Option.text(
              "cassandra-datacenter",
              "datacenter1",
              "Cluster mode: the local Cassandra datacenter."));

  public static final Option<String> REDIS =
      declare(Option.text("redis", "redis://127.0.0.1:6379", "Cluster mode: Redis URI."));

  public static final Option<String> NODE_ID =
      declare(
          Option.text(
                  "node-id",
                  null,
                  "Cluster mode: this node's id, unique in the cluster. Unset: <host name>-<port>.")
              .check(id -> id.matches("[A-Za-z0-9_.-]{1,64}"), "1-64 of A-Z a-z 0-9 _ . -"));

  public static final Option<String> CLUSTER_NAME =
      declare(
          Option.text(
                  "cluster-name",
                  "parley",
                  "Cluster mode: names the topics, keyspace and Redis keys; the same on every node.")
              .check(
                  name -> name.matches("[a-z][a-z0-9_]{0,39}"),
                  "lower-case letters, digits and _ (it names a keyspace)"));

  public static final Option<Integer> COMMAND_PARTITIONS =
      declare(
          Option.integer(
                  "command-partitions",
                  12,
                  "Cluster mode: partitions of the commands topic (conversations), set when the "
                      + "cluster is created.")
              .atLeast(1));

  public static final Option<Integer> FEED_PARTITIONS =
      declare(
          Option.integer(
                  "feed-partitions",
                  12,
                  "Cluster mode: partitions of the feed topic (users), set when the cluster is "
                      + "created.")
              .atLeast(1));

  public static final Option<Integer> REPLICATION =
      declare(
          Option.integer(
                  "replication",
                  1,
                  "Cluster mode: replication factor of the topics and the keyspace; 3 in production.")
              .between(1, Short.MAX_VALUE));

  // ---- Cluster mode: tuning

  public static final Option<Duration> REPLY_TIMEOUT =
      declare(
          Option.millis(
                  "reply-timeout-ms",
                  Duration.ofSeconds(10),
                  "Cluster mode: how long a send waits for its conversation's sequencer before it "
                      + "fails as retryable (also the Kafka producer's delivery timeout).")
              .atLeast(2));

  public static final Option<Integer> SEQUENCER_MAX_BATCH =
      declare(
          Option.integer(
                  "sequencer-max-batch",
                  500,
                  "Cluster mode: most commands in one sequencer batch (one round of Cassandra "
                      + "writes).")
              .atLeast(1));

  public static final Option<Duration> SEQUENCER_COMMIT_INTERVAL =
      declare(
          Option.millis(
                  "sequencer-commit-interval-ms",
                  Duration.ofMillis(50),
                  "Cluster mode: how long a sequencer keeps its Kafka transaction open for more "
                      + "batches (not while it is behind); 0 commits after every batch. Senders are "
                      + "answered as before, deliveries wait up to this much longer; at most half of "
                      + "--kafka-transaction-timeout-ms.")
              .atLeast(0));

  public static final Option<Integer> FEED_MAX_BATCH =
      declare(
          Option.integer(
                  "feed-max-batch",
                  500,
                  "Cluster mode: most feed records the feed writer takes in one Cassandra write.")
              .atLeast(1));

  public static final Option<Integer> SEQUENCER_CACHE =
      declare(
          Option.integer(
                  "sequencer-cache",
                  100_000,
                  "Cluster mode: conversation states a node's sequencer keeps in memory.")
              .atLeast(1));

  public static final Option<Duration> KAFKA_SESSION_TIMEOUT =
      declare(
          Option.millis(
                  "kafka-session-timeout-ms",
                  Duration.ofSeconds(6),
                  "Cluster mode: a node silent this long loses its partitions to the others "
                      + "(heartbeats every quarter of it); within the brokers' group session bounds.")
              .atLeast(4));

  public static final Option<Duration> KAFKA_TRANSACTION_TIMEOUT =
      declare(
          Option.millis(
                  "kafka-transaction-timeout-ms",
                  Duration.ofSeconds(5),
                  "Cluster mode: a crashed sequencer's open transaction holds back readers of its "
                      + "partitions until this runs out.")
              .atLeast(1));

  public static final Option<Duration> KAFKA_LINGER =
      declare(
          Option.millis(
                  "kafka-linger-ms",
                  Duration.ofMillis(1),
                  "Cluster mode: how long a node waits to batch the commands it sends to Kafka.")
              .atLeast(0));

  public static final Option<Duration> FEED_COMMIT_INTERVAL =
      declare(
          Option.millis(
                  "feed-commit-interval-ms",
                  Duration.ofSeconds(1),
                  "Cluster mode: how often a feed writer commits its Kafka offsets; after a crash "
                      + "its successor rewrites (idempotently) up to this much.")
              .atLeast(0));

  public static final Option<Integer> CASSANDRA_MAX_REQUESTS =
      declare(
          Option.integer(
                  "cassandra-max-requests",
                  32_768,
                  "Cluster mode: Cassandra requests in flight per connection; a sequencer batch "
                      + "behind a backlog writes thousands of rows at once.")
              .atLeast(1));

  public static final Option<Integer> RECENT_MESSAGES =
      declare(
          Option.integer(
                  "recent-messages",
                  100,
                  "Cluster mode: newest messages per conversation cached in Redis for the first "
                      + "history page.")
              .atLeast(1));

  public static final Option<Duration> RECENT_MESSAGES_TTL =
      declare(
          Option.millis(
                  "recent-messages-ttl-ms",
                  Duration.ofDays(7),
                  "Cluster mode: a conversation's cached messages expire after this long without a "
                      + "new one.")
              .atLeast(1));

  /**
   * Every option, in the order of declaration: how {@code --help} and docs/operations.md list them.
   */
  public static final List<Option<?>> ALL = List.copyOf(declared);
}
