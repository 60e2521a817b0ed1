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
 *       @Override public void onMessage(Message m) { show(m); }
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
 * <p>Everything the client reports is a record of this package or of {@code
 * dev.parley.client.group}: {@link dev.parley.client.Message}, {@link dev.parley.client.Presence},
 * {@link dev.parley.client.Conversation} (a row of the conversation list), {@link
 * dev.parley.client.UserRef}, the pages of {@code history} and {@code conversations}. The SDK
 * converts the protocol's frames itself, so an application never depends on {@code
 * dev.parley.protocol} and a change of a frame does not reach it.
 *
 * <h2>What the SDK guarantees</h2>
 *
 * <ul>
 *   <li><b>Outbox</b>: {@code send} commits the message to SQLite with a fresh UUID key and
 *       returns; the message is sent in composition order per conversation (up to 32 in flight per
 *       conversation, at most 100 in all), again after every reconnect and after a restart of the
 *       process, with the same key, until the server's {@code sent}. The server stores it once, in
 *       composition order. {@code rate_limited}/{@code overloaded}/{@code internal} are retried
 *       after {@code retryAfterMs} or a full-jitter backoff (250 ms to 30 s), and with them, in
 *       order, the later messages of the conversation the server refused as {@code out_of_order};
 *       other errors fail the message.
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
 *
 * <h2>Groups</h2>
 *
 * <p>A group is a conversation like any other: {@code send}, {@code history}, {@code markRead},
 * {@code typing} and the outbox work on its id ({@code g.…}, from {@code createGroup}, a membership
 * change or the conversation list). What is particular to groups:
 *
 * <pre>{@code
 * GroupChange made = client.createGroup("Trip", "bob", "carol").join();   // this user is admin
 * String trip = made.conv();
 * client.addMembers(trip, "dave").join();                                  // admins only
 * String daveId = client.groupInfo(trip, null, 100).join().members().stream()
 *     .filter(m -> m.handle().equals("dave")).findFirst().orElseThrow().userId();
 * client.removeMember(trip, daveId).join();                                // by user id
 * client.renameGroup(trip, "Trip 2025").join();
 * client.setAdmin(trip, bobId, true).join();
 * client.send(trip, "who is in?");
 * client.readBy(trip, seq, ReceiptKind.READ, null, 100).join().users();    // your own messages
 * client.leaveGroup(trip).join();
 * }</pre>
 *
 * <ul>
 *   <li><b>Requests</b> return futures of SDK records ({@code dev.parley.client.group}); a refusal
 *       fails them with {@link dev.parley.client.request.ParleyRequestException} and its code
 *       ({@code forbidden}, {@code unknown_user}, {@code invalid_members}, {@code
 *       too_many_members}, {@code invalid_title}, {@code rate_limited}). Made while offline, they
 *       wait for the connection.
 *   <li><b>Creating is retried safely</b>: the request carries a fresh idempotency key, kept with
 *       it until the answer; cut off before the answer, it is sent again with the same key on the
 *       next session and the server answers with the group it made ({@code duplicate}), never a
 *       second one. The other changes are sent at most once: cut off before the answer, they fail
 *       with {@link dev.parley.client.request.ParleyRequestException#CONNECTION_LOST} (they may
 *       have happened; the membership events say), because a repeat would be refused, not answered.
 *   <li><b>Membership changes</b> are messages of the group with a {@code system} object and take a
 *       seq. The listener gets each as {@link dev.parley.client.ParleyListener#onMembershipChange}
 *       (action, actor, users, title), once, in order with the group's messages, on every device of
 *       every member, the device that made the change included (the server sends the change to it
 *       live too). {@code localMessages} and {@code history} include them ({@link
 *       dev.parley.client.Message#membershipChange} set, empty body).
 *   <li><b>Local state</b>: {@link dev.parley.client.ParleyClient#group} (title, size, whether this
 *       user is still a member, group-wide positions) and {@link
 *       dev.parley.client.ParleyClient#localMembers} are kept in SQLite as received: from the
 *       feed's membership changes, applied in order, and from {@code groupInfo} pages and the
 *       conversation list. A device that joined late knows the earlier members only after {@code
 *       groupInfo}. {@link dev.parley.client.ParleyClient#handle} names user ids seen in replies;
 *       for the others, members who left or were removed included (no member page lists them),
 *       {@link dev.parley.client.ParleyClient#users} asks the server, and the store keeps what it
 *       answers.
 *   <li><b>Ticks</b>: a group message of this user is {@code SENT} once stored, {@code DELIVERED}
 *       when every current member has received it, {@code READ} when every one read it; the
 *       server's {@code group_receipt} carries those group-wide positions ({@link
 *       dev.parley.client.ParleyListener#onGroupReceipt}) and the ticks arrive at {@code
 *       onStatusChange}. Who exactly: {@code readBy}.
 *   <li><b>Removed or left</b>: the history up to then stays readable; messages still in the outbox
 *       for the group end {@code FAILED} with {@code forbidden} (not retried), other conversations'
 *       messages go on, and the group's messages are no longer acknowledged.
 * </ul>
 *
 * <p>Files written by an earlier SDK are migrated when opened (SQLite {@code user_version}); see
 * {@link dev.parley.client.store.LocalStore} for the schema.
 */
package dev.parley.client;
