// Which tab of this browser holds the device's WebSocket. All tabs of one browser profile are one
// device (docs/web-client.md, "One device per browser"): the leader holds an exclusive Web Lock for as
// long as it lives, the other tabs wait in the lock's queue, and when the leader goes (closed, crashed,
// or frozen in the back-forward cache) the browser grants the lock to the next tab in line.
import { Emitter } from './emitter.js';

const LOCK = 'parley.leader';

/** Emits "change" (true/false) when this tab becomes or stops being the leader. */
export class Leadership extends Emitter {
  leading = false;
  #release = null;
  #abort = null;

  start() {
    if (!navigator.locks) {
      // No Web Locks (an old browser): every tab leads alone. Two tabs then open two sockets for one
      // device, and the server keeps the newer (the older shows the 4009 notice).
      this.#set(true);
      return;
    }
    document.documentElement.dataset.tabRole = 'follower';
    this.#request();
    // A frozen page runs no code: it gives up the lock (and its place in the queue) when it leaves,
    // and asks again if it comes back from the back-forward cache.
    addEventListener('pagehide', () => this.#resign());
    addEventListener('pageshow', (event) => event.persisted && this.#request());
  }

  /** How many tabs of this browser hold or wait for the lock (this one included, once started). */
  static async tabsInLine() {
    if (!navigator.locks?.query) return 0;
    const { held = [], pending = [] } = await navigator.locks.query();
    return [...held, ...pending].filter((lock) => lock.name === LOCK).length;
  }

  #request() {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    navigator.locks.request(LOCK, { signal: abort.signal }, () => new Promise((release) => {
      this.#release = release;
      this.#set(true);
    })).catch(() => {}); // aborted while waiting
  }

  // The socket closes (on "change") before the lock goes, so the next leader's socket never meets it.
  #resign() {
    this.#abort?.abort();
    this.#abort = null;
    if (this.leading) this.#set(false);
    this.#release?.();
    this.#release = null;
  }

  #set(leading) {
    this.leading = leading;
    document.documentElement.dataset.tabRole = leading ? 'leader' : 'follower';
    this.emit('change', leading);
  }
}
