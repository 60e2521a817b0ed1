/**
 * The embedded default store: every storage seam of {@code parley-core} on one RocksDB database.
 * Open it with {@link dev.parley.store.rocksdb.RocksStore#open}.
 *
 * <h2>Write path</h2>
 *
 * A conversation's messages and receipts are sequenced by one {@link
 * dev.parley.store.rocksdb.ConversationShard} thread (conversations are hashed over the shards),
 * which checks idempotency, assigns the sequence and prepares the writes. The one {@link
 * dev.parley.store.rocksdb.GroupCommitter} thread takes everything queued, assigns feed positions,
 * writes it as one {@code WriteBatch} with a synced WAL (group commit: many messages, one fsync)
 * and only then completes the callers' futures and fans the events out. A write failure stops the
 * log (every later write fails, {@code /readyz} turns false) rather than risk reusing a sequence
 * number. A member's receipt advance that arrives while that member's last receipt write in the
 * conversation is still queued merges into it ({@link dev.parley.store.rocksdb.ReceiptWrite}): one
 * write and one event per group commit instead of one per report.
 *
 * <h2>Key layout</h2>
 *
 * Strings are UTF-8; {@code 0x00} separates parts (ids never contain it); numbers are 8-byte
 * big-endian so keys sort numerically.
 *
 * <pre>
 * column family   key                                            value
 * default         "epoch"                                        8 hex chars, random at creation
 *                 "pos"                                          last committed feed position
 * messages        conv 0x00 seq                                  v1: ts, sender, device, id (2 longs), body
 *                                                                v2 (a group's membership change): v1 with an empty
 *                                                                body, then action, users, title?, promoted?
 * idempotency     conv 0x00 sender 0x00 id (16 bytes)            seq, ts
 * conversations   conv                                           v3: lastSeq, lastTs, lastActivity
 *                                                                (still read: v2 = v3 + [member, delivered, read]*,
 *                                                                v1 = v2 without lastActivity)
 *                 conv 0x00 member                               delivered, read: the member's receipt position
 *                                                                (a group member's starts at the seq they joined)
 *                                                                (a v1/v2 record's positions are copied here when the
 *                                                                conversation is first loaded; on read the larger wins)
 * feed            user 0x00 pos                                  1: message pointer (conv, seq) | 2: receipt (conv, user, delivered, read)
 *                                                                | 3: group receipt (conv, delivered, read)
 * gstream         conv 0x00 pos                                  a group's events, stored once: message pointer (conv, seq);
 *                                                                members' feed reads merge the streams of their groups
 * groups          conv                                           group header v1: title, size, allDelivered, allRead, creator
 *                 conv 0x00 user                                 member v1: role, [from, until]* (until 0: still a member)
 * usergroups      user 0x00 conv                                 empty: every group the user is or was in
 * inbox           user 0x00 (Long.MAX_VALUE - lastActivity) conv empty: a user's conversations by last activity
 *                                                                (lastActivity: microsecond stamp, no ties)
 * accounts        "h/" handle                                    userId
 *                 "u/" userId                                    user JSON (handle, Argon2id PHC hash)
 *                 "d/" deviceId                                  device JSON (deviceId, userId, name, createdAt,
 *                                                                lastUsedAt: rewritten at most hourly on use;
 *                                                                absent in older records, read as 0)
 *                 "t/" sha256(token)                             deviceId
 *                 "dt/" deviceId                                 hex sha256(token), to revoke it
 *                 "ud/" userId "/" deviceId                      empty: a user's devices
 *                 "s/" userId                                    settings JSON (hideLastSeen)
 * push            "t/" userId "/" deviceId                       push target JSON (gateway, key, registeredAt)
 *                 "m/" userId "/" conv                           mute JSON (until, epoch ms)
 *                 "q/" notificationId                            queued notification JSON, until a gateway takes it
 * </pre>
 */
package dev.parley.store.rocksdb;
