/**
 * The chat load: pairs of users sending with a window or at a rate, receivers checking order and
 * completeness, receipts timed end to end. Start with {@link dev.parley.bench.load.ChatLoad}.
 */
package dev.parley.bench.load;
