/**
 * Internal: feed sync and read receipts. After each {@code welcome} the client sends {@code sync}
 * with the cursor stored in SQLite; {@link dev.parley.client.sync.FeedApplier} applies each {@code
 * feed} frame idempotently and stores its cursor in the same transaction. {@link
 * dev.parley.client.sync.ReadReceipts} keeps this user's read reports until the feed confirms them.
 */
package dev.parley.client.sync;
