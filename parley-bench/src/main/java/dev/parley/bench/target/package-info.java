/**
 * The system under test: a server given by URL or started as a child JVM, its /proc figures, and
 * the accounts and devices the load logs in with.
 */
package dev.parley.bench.target;
