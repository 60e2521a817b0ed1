/**
 * The Parley Java client SDK. Start here: {@link dev.parley.client.ParleyAccounts} to register and
 * log in, {@link dev.parley.client.ParleyClient} for a device session, {@link
 * dev.parley.client.ParleyListener} for what happens.
 *
 * <h2>Usage</h2>
 *
 * <pre>{@code
 * URI server = URI.create("http://localhost:7070");
 * ParleyAccounts accounts = ParleyAccounts.at(server);
 * accounts.register("alice", "correct horse");
 * ParleyAccounts.Session session = accounts.login("alice", "correct horse", "laptop");
 *
 * ParleyClient client = ParleyClient.builder()
 *     .serverUri(server)
 *     .token(session.token())
 *     .store(Path.of("alice-laptop.db"))          // outbox, cursor, local messages
 *     .listener(new ParleyListener() {
 *       @Override public void onMessage(FeedEvent.Message m) { show(m); }
 *       @Override public void onStatusChange(StatusChange c) { tick(c.id(), c.status()); }
 *       @Override public void onStopped(StopReason r) { askToLogInAgain(r); }
 *     })
 *     .build();
 * client.start();
 * String conv = client.open("bob").join().conv();
 * client.send(conv, "hello");                    // durable at once, sent when online
 * client.history(conv, null, 50).join();         // newest page, oldest first
 * client.markRead(conv, lastSeq);
 * }</pre>
 *
 * <h2>What the SDK guarantees</h2>
 *
 * <ul>
 *   <li><b>Outbox</b>: {@code send} commits the message to SQLite with a fresh UUID key and
 *       returns; the message is sent in composition order per conversation (one at a time per
 *       conversation, at most 100 in flight in all), again after every reconnect and after a
 *       restart of the process, with the same key, until the server's {@code sent}. The server
 *       stores it once. {@code rate_limited}/{@code overloaded}/{@code internal} are retried after
 *       {@code retryAfterMs} or a full-jitter backoff (250 ms to 30 s); other errors fail the
 *       message.
 *   <li><b>Sync</b>: after each (re)connect the client sends {@code sync} with the cursor stored
 *       after the last applied {@code feed} frame (events and cursor commit together). Messages are
 *       keyed by conv + seq, so redelivered events are applied once and reported once.
 *   <li><b>Receipts</b>: one {@code received} per conversation per feed frame; {@code markRead}
 *       sends {@code read}. Status ticks derive from the peer's positions: {@code PENDING → SENT →
 *       DELIVERED → READ}.
 *   <li><b>Connection</b>: reconnects with full-jitter backoff (250 ms to 30 s) after network loss
 *       and close codes 1001, 4008, 4500; stops on 4001/4003 (log in again) and 4009 (replaced).
 *       Pings every 25 s and reconnects when nothing arrived for 60 s (a half-open TCP connection).
 *   <li>Unknown server frame types are skipped, so newer servers (presence, typing) do not break
 *       it.
 * </ul>
 */
package dev.parley.client;
