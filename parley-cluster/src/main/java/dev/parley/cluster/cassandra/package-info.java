/**
 * Cluster mode's durable state on Cassandra: accounts ({@link
 * dev.parley.cluster.cassandra.CassandraAccountStore}), the sequencer's tables ({@link
 * dev.parley.cluster.cassandra.SequencerTables}), and the read seams over them ({@link
 * dev.parley.cluster.cassandra.CassandraHistoryStore}, {@link
 * dev.parley.cluster.cassandra.CassandraFeedStore}). {@link
 * dev.parley.cluster.cassandra.CassandraSchema} creates it all. Every statement is prepared once
 * and runs at {@code LOCAL_QUORUM}; the sequencer's hot path and feed appends are asynchronous.
 *
 * <h2>Tables</h2>
 *
 * <pre>
 * table             primary key                               columns
 * meta              (name)                                    value; 'epoch' = 8 hex chars, written once (LWT)
 * users_by_handle   (handle)                                  user_id, password_hash, created_at; claimed by LWT
 * users             (user_id)                                 handle, password_hash, created_at
 * devices           ((user_id), device_id)                    name, created_at, token_hash, last_used
 * devices_by_token  (token_hash)                              user_id, device_id, name, created_at, last_used
 *                                                             (last_used: null in rows from before it existed;
 *                                                             updated with IF EXISTS, at most hourly per device)
 * settings          (user_id)                                 hide_last_seen
 * messages          ((conv, bucket), seq)                     id, sender, device, ts, body; bucket = seq / 1000
 * idempotency       ((conv, sender, id))                      seq, ts, log_offset
 * conversations     (conv)                                    last_seq, last_ts, last_activity, delivered and
 *                                                             read (frozen map member -> seq), applied_offset
 * inbox             ((user_id), activity DESC, conv ASC)      a user's conversations, newest activity first
 * feed              ((user_id), pos)                          event: the FeedEvent as JSON
 * </pre>
 *
 * <p>Partitions stay bounded where a conversation can grow without end: {@code messages} is split
 * into buckets of 1000 sequences (deterministic, so no bucket index is needed), and each
 * idempotency key is its own partition (a point read; a per-conversation partition would grow as
 * large as the conversation). {@code messages}, {@code idempotency}, {@code conversations} and
 * {@code inbox} are written by the sequencer only, with the command's log offset + 1 as write
 * timestamp (see {@link dev.parley.cluster.cassandra.SequencerTables}).
 */
package dev.parley.cluster.cassandra;
