/**
 * Internal: the durable outbox. {@link dev.parley.client.ParleyClient#send} commits a message to
 * SQLite and returns; {@link dev.parley.client.outbox.Outbox} sends it when connected, in order,
 * with a bounded window, until the server confirms it. Its class Javadoc states the retry rules.
 */
package dev.parley.client.outbox;
