/**
 * Fixtures that start real things for tests: {@link dev.parley.testing.TestServer} (a real Parley
 * server on an ephemeral port with its own RocksDB directory) and {@link
 * dev.parley.testing.TestSocket} (a real WebSocket client that records every frame it receives).
 */
package dev.parley.testing;
