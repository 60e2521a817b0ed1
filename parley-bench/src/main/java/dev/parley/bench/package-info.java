/**
 * Parley's load generator and benchmarks. Start with {@link dev.parley.bench.BenchCommand};
 * features: {@code load} (chat, sweep), {@code connections}, {@code catchup}, {@code relay} (the
 * ceiling), {@code report}, {@code jmh}; {@code client} is the lean WebSocket client, {@code
 * target} the server under test.
 */
package dev.parley.bench;
