/**
 * Cluster mode's Redis side: what several identical Parley nodes share that may be lost without
 * losing a message, since everything durable lives in Kafka and Cassandra.
 *
 * <p>Start with {@link dev.parley.cluster.redis.ClusterDeviceRouter}: it routes committed events to
 * the nodes holding their users' sessions over the {@link dev.parley.cluster.redis.PushBus} and
 * keeps one session per device cluster-wide with the {@link
 * dev.parley.cluster.redis.DeviceRegistry}. The node's one {@link dev.parley.cluster.redis.PushBus}
 * also carries the Kafka log's replies between nodes ({@link
 * dev.parley.cluster.redis.ReplyChannel}); each receiver takes its own kinds of {@link
 * dev.parley.cluster.redis.BusMessage}. {@link dev.parley.cluster.redis.RefreshSchedule} re-arms
 * what a node keeps under a TTL (registrations, presence). {@link
 * dev.parley.cluster.redis.RedisPresenceStore} and {@link
 * dev.parley.cluster.redis.RecentMessageCache} stand alone.
 *
 * <p>Key layout, every key after the configured prefix (e.g. {@code parley:}):
 *
 * <pre>
 * presence:{&lt;user&gt;}    sorted set  connection id -&gt; expiry (Redis ms)    TTL ttl, refreshed every ttl/3
 * seen:{&lt;user&gt;}        string      last seen, epoch ms                   no TTL
 * device:&lt;device&gt;       string      node id holding the session           TTL 30 s, refreshed every 10 s
 * recent:&lt;conv&gt;         sorted set  message JSON -&gt; seq, newest 100       TTL 7 days, refreshed on add
 * group-nodes:&lt;group&gt;:&lt;partition&gt;
 *                      sorted set  node id -&gt; expiry (Redis ms)            entries re-armed every 10 s,
 *                                  nodes with sessions of the group's      expired ones pruned on
 *                                  members whose feeds are in partition    register; key TTL 30 s
 * </pre>
 *
 * Sharded pub/sub channels: {@code u:<user>} (events for a user's sessions, {@link
 * dev.parley.cluster.redis.BusMessage} JSON) and {@code n:<node>} (messages for one node: a group's
 * events for its sessions of the listed members ({@link
 * dev.parley.cluster.redis.BusMessage.GroupDelivery}, one per node of the group's slice, see {@link
 * dev.parley.cluster.redis.GroupNodes}), disconnects and the log's replies). A feed writer
 * publishes its batch on one connection in position order, so a node gets a partition's user and
 * group events in that order (on one Redis; see {@code docs/architecture.md}, "Groups in cluster
 * mode").
 *
 * <p>A Redis restart empties all of it: nodes re-register devices and connections at their next
 * refresh, sessions resync their feeds when the push channel comes back, and the cache refills from
 * new messages.
 */
package dev.parley.cluster.redis;
