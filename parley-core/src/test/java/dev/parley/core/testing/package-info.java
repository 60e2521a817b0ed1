/**
 * Fakes of the core's seams for tests of any module, shipped in parley-core's test-jar with the
 * contract suites: {@link dev.parley.core.testing.RecordingSession} (a device session that records
 * what it is sent) and {@link dev.parley.core.testing.MemoryFeedStore} (a feed in memory). They use
 * nothing but the core's own classes, so main code that measures the core (the JMH benchmarks) can
 * use them too.
 */
package dev.parley.core.testing;
