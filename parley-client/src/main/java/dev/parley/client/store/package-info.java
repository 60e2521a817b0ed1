/**
 * Internal: the client's local SQLite store ({@link dev.parley.client.store.LocalStore}), whose
 * class Javadoc documents the schema. One file per device session; it survives client restarts and
 * crashes.
 */
package dev.parley.client.store;
