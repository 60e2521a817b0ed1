/**
 * The message log seam: {@link dev.parley.core.log.ConversationLog} takes messages and receipt
 * reports, assigns sequence numbers and feed positions, makes them durable and hands them,
 * committed, to a {@link dev.parley.core.log.CommitListener}.
 */
package dev.parley.core.log;
