/** JMH micro-benchmarks of the hot pieces on the message path; run with {@code bench jmh}. */
package dev.parley.bench.jmh;
