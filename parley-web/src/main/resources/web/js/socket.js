// One WebSocket per device session (docs/protocol.md section 2): authenticates with the first frame,
// pairs replies with requests by `ref`, detects dead connections with ping/pong and reconnects with
// exponential backoff and full jitter (delay = random(0, min(cap, base * 2^attempt))), so that a
// restarted server is not hit by every browser at the same instant.
import { Emitter } from './emitter.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

/** Close codes after which reconnecting is pointless (protocol "Close codes"). */
const LOGGED_OUT_CODES = new Set([4001, 4003]);
const REPLACED_CODE = 4009;

/** A request the server refused: carries the protocol's error `code` and `retryAfterMs`. */
export class FrameError extends Error {
  constructor(frame) {
    super(frame.message || frame.code);
    this.code = frame.code;
    this.retryAfterMs = frame.retryAfterMs;
    /** For `out_of_order`: the id of the refused message that must be sent again first. */
    this.first = frame.first;
  }
}

/**
 * States: "connecting" → "online" (after welcome) → "offline" (waiting to retry) → "connecting" …;
 * "ended" for good after a 4001/4003/4009 close or stop(). Emits "state", "welcome", "frame", "ended".
 */
export class Connection extends Emitter {
  state = 'connecting';
  attempt = 0;
  retryAt = 0;
  #url;
  #token;
  #ws = null;
  #retryTimer = 0;
  #pingTimer = 0;
  #pongTimer = 0;
  #nextRef = 0;
  #pending = new Map();

  constructor(url, token) {
    super();
    this.#url = url;
    this.#token = token;
  }

  start() {
    addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.retryNow());
    // Leaving the page may keep it, frozen, in the back-forward cache. An open socket there would go on
    // counting this device as connected (its peers see it online, and its messages as delivered to a
    // device that reads nothing): close it cleanly, and connect and sync again if the page comes back.
    addEventListener('pagehide', () => this.#suspend());
    addEventListener('pageshow', (event) => event.persisted && this.retryNow());
    this.#open();
  }

  /** Skips the backoff wait (the "Retry now" button, the browser coming back online). */
  retryNow() {
    if (this.state !== 'offline') return;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  stop() {
    this.#end('stopped');
  }

  /** Sends a frame if the session is up; returns false when offline (the caller keeps it for later). */
  send(frame) {
    if (this.state !== 'online') return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a frame with a fresh ref; resolves with the reply, rejects with FrameError or when the connection drops. */
  request(frame) {
    if (this.state !== 'online') return Promise.reject(new Error('offline'));
    const ref = `r${++this.#nextRef}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(ref, { resolve, reject });
      this.#ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  #setState(state) {
    this.state = state;
    this.emit('state', state);
  }

  #open() {
    this.#setState('connecting');
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: this.#token }));
    ws.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.#onFrame(frame);
    };
    ws.onclose = (event) => this.#onClose(event.code);
  }

  #onFrame(frame) {
    clearTimeout(this.#pongTimer);
    if (frame.type === 'welcome') {
      this.attempt = 0;
      this.#setState('online');
      this.#schedulePing();
      this.emit('welcome', frame);
      return;
    }
    const waiting = frame.ref != null && this.#pending.get(frame.ref);
    if (waiting) {
      this.#pending.delete(frame.ref);
      if (frame.type === 'error') waiting.reject(new FrameError(frame));
      else waiting.resolve(frame);
    }
    this.emit('frame', frame);
  }

  #schedulePing() {
    clearTimeout(this.#pingTimer);
    this.#pingTimer = setTimeout(() => {
      if (!this.send({ type: 'ping' })) return;
      // A half-open TCP connection never closes by itself: no pong in time means it is dead.
      this.#pongTimer = setTimeout(() => this.#drop(), PONG_TIMEOUT_MS);
      this.#schedulePing();
    }, PING_EVERY_MS);
  }

  #drop() {
    const ws = this.#ws;
    if (!ws) return;
    ws.onclose = ws.onmessage = ws.onopen = null;
    ws.close();
    this.#onClose(1006);
  }

  #onClose(code) {
    this.#forgetSocket();
    if (this.state === 'ended') return;
    if (LOGGED_OUT_CODES.has(code)) return this.#end('logged_out');
    if (code === REPLACED_CODE) return this.#end('replaced');
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt++);
    const delay = Math.random() * ceiling;
    this.retryAt = Date.now() + delay;
    this.#retryTimer = setTimeout(() => this.#open(), delay);
    this.#setState('offline');
  }

  /** Closes the socket with 1000 and waits, without a retry timer, for retryNow(). */
  #suspend() {
    if (this.state === 'ended') return;
    clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = null;
      ws.close(1000);
    }
    this.#forgetSocket();
    this.retryAt = Date.now();
    this.#setState('offline');
  }

  /** The socket is gone: its timers stop and the requests still waiting fail as offline. */
  #forgetSocket() {
    this.#ws = null;
    clearTimeout(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    for (const { reject } of this.#pending.values()) reject(new Error('offline'));
    this.#pending.clear();
  }

  #end(reason) {
    clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    this.#setState('ended');
    if (ws) ws.close(1000);
    this.emit('ended', reason);
  }
}
