/**
 * Internal: feed sync. After each {@code welcome} the client sends {@code sync} with the cursor stored in
 * SQLite; {@link dev.parley.client.sync.FeedApplier} applies each {@code feed} frame idempotently and stores
 * its cursor in the same transaction.
 */
package dev.parley.client.sync;
