/**
 * The relay ceiling: a storage-free WebSocket forwarder that runs under the same chat load as
 * Parley. Start with {@link dev.parley.bench.relay.RelayServer}.
 */
package dev.parley.bench.relay;
