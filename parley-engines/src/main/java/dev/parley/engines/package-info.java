/**
 * Real cluster-mode engines, started by the project itself as separate processes on free loopback
 * ports.
 *
 * <p>Starting points: {@link dev.parley.engines.Engines} hands out one shared instance of each
 * engine per JVM (started lazily, stopped at JVM exit); {@link dev.parley.engines.KafkaProcess},
 * {@link dev.parley.engines.CassandraProcess} and {@link dev.parley.engines.RedisProcess} start a
 * private one. Each {@code start} returns only once the engine answers a real request, and {@code
 * close} stops exactly the process it started, by pid.
 *
 * <p>Kafka and Cassandra run from their Maven Central artifacts: {@link
 * dev.parley.engines.EngineClasspath} resolves the classpath from the tiny poms under {@code
 * cluster/kafka} and {@code cluster/cassandra}; their configuration templates live next to those
 * poms and are shared with {@code cluster/start.sh}. Redis is Debian's {@code redis-server} ({@code
 * cluster/install-engines.sh}).
 */
package dev.parley.engines;
