/**
 * Internal: the client's local SQLite store ({@link dev.parley.client.store.LocalStore}), whose
 * class Javadoc documents the schema, with its outbox table ({@link
 * dev.parley.client.store.LocalOutbox}) and its groups ({@link
 * dev.parley.client.store.LocalGroups}), which share its lock and transactions. One file per device
 * session; it survives client restarts and crashes.
 */
package dev.parley.client.store;
