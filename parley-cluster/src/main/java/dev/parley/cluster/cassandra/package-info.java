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
 * messages          ((conv, bucket), seq)                     id, sender, device, ts, body; bucket = seq / 1000;
 *                                                             system: a group membership change as JSON
 *                                                             ({"action","actor","users","title"?,"promoted"?}),
 *                                                             null for a plain message
 * idempotency       ((conv, sender, id))                      seq, ts, log_offset
 * conversations     (conv)                                    last_seq, last_ts, last_activity, delivered and
 *                                                             read (frozen map member -> seq), applied_offset
 * inbox             ((user_id), activity DESC, conv ASC)      a user's conversations, newest activity first
 * feed              ((user_id), pos)                          event: the ConversationEvent as JSON
 * group_members     ((conv), user_id)                         a member ever: role ('admin'|'member'), periods
 *                                                             [from, until]* (until 0: still a member),
 *                                                             delivered, read; static: title, creator,
 *                                                             created_ts, size, all_delivered, all_read (last
 *                                                             announced to senders), last_seq, last_ts,
 *                                                             last_activity, applied_offset
 * user_groups       ((user_id), conv)                         periods: every group the user is or was in
 * group_stream      ((part, conv), pos)                       seq: a group event at feed position pos of feed
 *                                                             partition part, once per partition with members
 * group_heads       ((part), conv)                            last_pos: the newest pos of that stream
 *                                                             (write time = last_pos, so it only grows)
 * feed_watermarks   (part)                                    pos: every row of the partition's feed positions
 *                                                             up to pos is written (write time = pos)
 * push_targets      ((part), user_id, device_id)              gateway, push_key, registered_at; part = the
 *                                                             user's feed partition (FeedPartitions)
 * push_mutes        ((part), user_id, conv)                   until (epoch ms; Long.MAX_VALUE: until unmuted)
 * push_queue        ((part), id)                              value: a queued PushNotification as JSON
 * </pre>
 *
 * <p><b>Push</b> ({@link dev.parley.cluster.cassandra.CassandraPushStore}) is partitioned like the
 * feeds, so the node owning a feed partition loads its users' targets, mutes and queued
 * notifications with one read per table, and a successor does the same after a rebalance.
 *
 * <p><b>Groups</b> are stored once: a group message is one {@code messages} row, whatever the
 * number of members. A group's sequencer writes its {@code group_members} rows of a batch as one
 * single-partition batch at the batch's last offset + 1 (so roster, positions and {@code
 * applied_offset} are read back from one moment), and {@code user_groups} rows when a membership
 * changes, never per message. The feed writer of a feed partition stores a group event once in
 * {@code group_stream} for the members whose feeds live there, moves {@code group_heads}, and, once
 * every row of its batch is acknowledged, {@code feed_watermarks}. A member's catch-up ({@link
 * dev.parley.cluster.cassandra.CassandraFeedStore#read}) merges their feed with the streams of
 * their groups that moved since the cursor, up to the watermark.
 *
 * <p>Partitions stay bounded where a conversation can grow without end: {@code messages} is split
 * into buckets of 1000 sequences (deterministic, so no bucket index is needed), and each
 * idempotency key is its own partition (a point read; a per-conversation partition would grow as
 * large as the conversation). {@code messages}, {@code idempotency}, {@code conversations}, {@code
 * inbox}, {@code group_members} and {@code user_groups} are written by the sequencer only, with the
 * command's log offset + 1 as write timestamp (see {@link
 * dev.parley.cluster.cassandra.SequencerTables}).
 */
package dev.parley.cluster.cassandra;
