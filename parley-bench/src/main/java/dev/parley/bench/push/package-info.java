/**
 * {@code bench push}: many offline devices each woken by one message, through a counting gateway
 * that runs in the bench ({@link dev.parley.bench.push.GatewaySink}), while a few online pairs keep
 * chatting. Starts at {@link dev.parley.bench.push.PushCommand}.
 */
package dev.parley.bench.push;
