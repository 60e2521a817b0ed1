/**
 * A fault-injecting TCP proxy for end-to-end tests: {@link dev.parley.testing.proxy.FaultProxy}
 * sits between a client and a real server and cuts, stalls or truncates connections on demand.
 */
package dev.parley.testing.proxy;
