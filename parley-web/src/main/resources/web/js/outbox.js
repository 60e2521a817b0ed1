// Messages written but not yet acknowledged, kept in IndexedDB so they survive a reload or a crash.
// Each carries the UUID idempotency key it was given when written: resending it after a reconnect or a
// server restart never makes a duplicate (docs/protocol.md "Sending"). Sent oldest first, up to WINDOW
// at a time: the server stores a device's sends to a conversation in the order they arrive, and after
// refusing one for now it refuses the later ones of that conversation (`out_of_order`) until the refused
// one comes again (docs/protocol.md, "Sending", Order). Each round waits for every answer, so what was
// refused is sent again next round, oldest first, and nothing overtakes it.
//
// A message refused for good (too long, not a member…) stays in the outbox marked `failed` (with
// `failedCode` and `afterSeq`, where it stood in the conversation) until the person retries or deletes
// it: it is shown as not sent, also after a reload, and is never sent again by itself. Such a refusal
// blocks nothing on the server, so the later messages go on at once.
import { FrameError } from './socket.js';

/** Errors after which sending the same frame again can succeed. */
const RETRYABLE = new Set(['overloaded', 'rate_limited', 'internal']);
/** Sent again behind a refused message of the same conversation, in the same order. */
const OUT_OF_ORDER = 'out_of_order';
const RETRY_DEFAULT_MS = 1_000;
/** Messages awaiting `sent` at once, all conversations together. */
const WINDOW = 32;
/** A round refused only as out_of_order (its cause was refused earlier) waits this long. */
const OUT_OF_ORDER_PAUSE_MS = 250;

export class Outbox {
  #db;
  #connection;
  #onSent;
  #onFailed;
  #draining = false;

  constructor({ db, connection, onSent, onFailed }) {
    this.#db = db;
    this.#connection = connection;
    this.#onSent = onSent;
    this.#onFailed = onFailed;
  }

  /** Sends a failed message again (the person pressed Retry): pending once more, same id, sent oldest first. */
  async retry(id) {
    const entry = (await this.entries()).find((e) => e.id === id);
    if (!entry) return null;
    delete entry.failed;
    delete entry.failedCode;
    delete entry.afterSeq;
    await this.#db.put('outbox', entry);
    this.drain();
    return entry;
  }

  /** Forgets a failed message for good (the person deleted it, or took its text back to edit). */
  async discard(id) {
    for (const entry of await this.entries()) if (entry.id === id && entry.failed) await this.#db.delete('outbox', entry.key);
  }

  /**
   * Keeps a new message; resolves with the stored entry {key, id, conv, body, createdAt, after}. `after`
   * is the newest seq of `conv` this device knows now, sent with every attempt: a copy an earlier attempt
   * stored would be above it, which spares a cluster a storage read (docs/protocol.md "Sending").
   */
  async add(conv, body, after) {
    const entry = { id: crypto.randomUUID(), conv, body, createdAt: Date.now(), after };
    entry.key = await this.#db.put('outbox', entry);
    return entry;
  }

  entries() {
    return this.#db.getAll('outbox');
  }

  /** Called on every welcome and every new message: sends everything waiting, in order. */
  async drain() {
    // Only the tab that holds the socket sends (tabs.js): the others' messages wait here for it.
    if (this.#draining || this.#connection.leading === false) return;
    this.#draining = true;
    try {
      while (this.#connection.state === 'online') {
        const entries = (await this.entries()).filter((e) => !e.failed).slice(0, WINDOW);
        if (entries.length === 0) return;
        // Written oldest first without waiting: the frames leave in this order.
        const answers = await Promise.all(entries.map((entry) => this.#attempt(entry)));
        let pauseMs = 0;
        for (let i = 0; i < entries.length; i++) {
          const step = await this.#settle(entries[i], answers[i]);
          if (step === 'offline') return;
          if (step !== null) pauseMs = Math.max(pauseMs, step);
        }
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    } finally {
      this.#draining = false;
    }
  }

  #attempt(entry) {
    return this.#connection
      .request({ type: 'send', id: entry.id, conv: entry.conv, body: entry.body, after: entry.after })
      .then((sent) => ({ sent }), (error) => ({ error }));
  }

  /**
   * Applies one answer: null when the entry is done with (sent, or failed for good), 'offline' to stop
   * until the next drain(), or how long to wait before the next round (the entry stays, in its place).
   */
  async #settle(entry, { sent, error }) {
    if (sent) {
      await this.#db.delete('outbox', entry.key);
      this.#onSent(entry, sent);
      return null;
    }
    if (!(error instanceof FrameError)) return 'offline'; // kept for the next connection
    if (RETRYABLE.has(error.code)) return error.retryAfterMs ?? RETRY_DEFAULT_MS;
    if (error.code === OUT_OF_ORDER) {
      await this.#releaseIfGone(entry.conv, error.first);
      return OUT_OF_ORDER_PAUSE_MS;
    }
    entry.failed = error.message || error.code;
    entry.failedCode = error.code;
    this.#onFailed(entry, error); // sets entry.afterSeq: where the message stood when it was refused
    await this.#db.put('outbox', entry);
    return null;
  }

  /**
   * The server holds back this conversation's sends behind message `first` until `first` comes again
   * (docs/protocol.md, "Sending", Order). If this device no longer has it (the person deleted it),
   * sending its id once more with an empty body lifts the block and stores nothing (`body_empty`).
   */
  async #releaseIfGone(conv, first) {
    if (!first || (await this.entries()).some((e) => e.id === first)) return;
    await this.#connection.request({ type: 'send', id: first, conv, body: '' }).catch(() => {});
  }

  /** The feed showed the message is stored (catch-up before its `sent` reply came): forget it. */
  async forget(id) {
    for (const entry of await this.entries()) if (entry.id === id) await this.#db.delete('outbox', entry.key);
  }
}
