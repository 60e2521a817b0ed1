// Messages written but not yet acknowledged, kept in IndexedDB so they survive a reload or a crash.
// Each carries the UUID idempotency key it was given when written: resending it after a reconnect or a
// server restart never makes a duplicate (docs/protocol.md "Sending"). Sent one at a time, oldest first,
// so the server assigns sequence numbers in the order the user wrote.
import { FrameError } from './socket.js';

/** Errors after which sending the same frame again can succeed. */
const RETRYABLE = new Set(['overloaded', 'rate_limited', 'internal']);
const RETRY_DEFAULT_MS = 1_000;

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

  /** Keeps a new message; resolves with the stored entry {key, id, conv, body, createdAt}. */
  async add(conv, body) {
    const entry = { id: crypto.randomUUID(), conv, body, createdAt: Date.now() };
    entry.key = await this.#db.put('outbox', entry);
    return entry;
  }

  entries() {
    return this.#db.getAll('outbox');
  }

  /** Called on every welcome and every new message: sends everything waiting, in order. */
  async drain() {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#connection.state === 'online') {
        const [entry] = await this.#db.getAll('outbox', IDBKeyRange.lowerBound(0), 1);
        if (!entry) return;
        if (!(await this.#sendOne(entry))) return;
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Returns true to go on with the next entry, false to stop until the next drain(). */
  async #sendOne(entry) {
    try {
      const sent = await this.#connection.request({ type: 'send', id: entry.id, conv: entry.conv, body: entry.body });
      await this.#db.delete('outbox', entry.key);
      this.#onSent(entry, sent);
      return true;
    } catch (error) {
      if (!(error instanceof FrameError)) return false; // offline: kept for the next connection
      if (RETRYABLE.has(error.code)) {
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? RETRY_DEFAULT_MS));
        return true;
      }
      await this.#db.delete('outbox', entry.key);
      this.#onFailed(entry, error);
      return true;
    }
  }

  /** The feed showed the message is stored (catch-up before its `sent` reply came): forget it. */
  async forget(id) {
    for (const entry of await this.entries()) if (entry.id === id) await this.#db.delete('outbox', entry.key);
  }
}
