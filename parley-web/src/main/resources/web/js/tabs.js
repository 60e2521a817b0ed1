// The tabs of one browser are one device and share its one WebSocket (leader.js picks the tab that
// holds it). They talk over a BroadcastChannel. TabLink gives every tab the interface of a Connection
// (socket.js): in the leader it wraps the real one and relays its state and frames to the other tabs;
// in the others it forwards send() and request() to the leader and replays what the leader relays.
// Messages on the channel are {kind, from: tab id, …}:
//   link-hello                  a follower asks the leader for its state
//   link-state {state, attempt, retryAt, welcome}   the leader's connection state
//   link-event {event, detail}  a leader's Connection event ("frame", "ended")
//   link-send {frame}, link-request {id, frame}, link-reply {to, id, frame | error}, link-retry
//   share {type, detail}        an app event for every other tab (ChatClient: "tab:…")
//   who, session {to, session, keep}, signed-in {session, keep}, signed-out   (main.js)
import { Emitter } from './emitter.js';
import { Connection, FrameError } from './socket.js';

const CHANNEL = 'parley';

/** This tab's end of the channel: post(kind, data) to every other tab, on(kind, fn) for what they post. */
export class Tabs extends Emitter {
  id = crypto.randomUUID();
  #channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  constructor() {
    super();
    if (this.#channel) this.#channel.onmessage = (event) => event.data?.kind && this.emit(event.data.kind, event.data);
  }

  post(kind, data = {}) {
    this.#channel?.postMessage({ ...data, kind, from: this.id });
  }
}

const stateOf = ({ state, attempt, retryAt }) => ({ state, attempt, retryAt });

/** A Connection for any tab; `leading` tells whether this tab holds the socket. */
export class TabLink extends Emitter {
  state = 'connecting';
  attempt = 0;
  retryAt = 0;
  #tabs;
  #leadership;
  #url;
  #token;
  #connection = null;
  #welcome = null;
  #offs = [];
  #connectionOffs = [];
  #waiting = new Map();
  #nextId = 0;
  #stopped = false;

  constructor({ tabs, leadership, url, token }) {
    super();
    this.#tabs = tabs;
    this.#leadership = leadership;
    this.#url = url;
    this.#token = token;
  }

  get leading() {
    return this.#connection !== null;
  }

  start() {
    const tabs = this.#tabs;
    this.#offs = [
      this.#leadership.on('change', (leading) => this.#follow(leading)),
      tabs.on('link-hello', () => this.leading && this.#announce()),
      tabs.on('link-state', (m) => !this.leading && this.#mirror(m, m.welcome)),
      tabs.on('link-event', (m) => !this.leading && this.#replay(m.event, m.detail)),
      tabs.on('link-send', (m) => this.leading && this.#connection.send(m.frame)),
      tabs.on('link-request', (m) => this.leading && this.#serve(m)),
      tabs.on('link-reply', (m) => m.to === tabs.id && this.#settle(m)),
      tabs.on('link-retry', () => this.leading && this.#connection.retryNow()),
      tabs.on('share', (m) => this.emit(m.type, m.detail)),
    ];
    // Back from the back-forward cache, a follower missed what was relayed meanwhile: asking again
    // makes it replay a welcome, and ChatClient reads what the leader stored.
    const back = (event) => event.persisted && !this.leading && this.#rejoin();
    addEventListener('pageshow', back);
    this.#offs.push(() => removeEventListener('pageshow', back));
    if (this.#leadership.leading) this.#follow(true);
    else tabs.post('link-hello');
  }

  stop() {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#offs) off();
    this.#retire();
    this.#rejectWaiting();
    this.#setState('ended');
  }

  retryNow() {
    if (this.leading) this.#connection.retryNow();
    else this.#tabs.post('link-retry');
  }

  send(frame) {
    if (this.state !== 'online') return false;
    if (this.leading) return this.#connection.send(frame);
    this.#tabs.post('link-send', { frame });
    return true;
  }

  request(frame) {
    if (this.state !== 'online') return Promise.reject(new Error('offline'));
    if (this.leading) return this.#connection.request(frame);
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#tabs.post('link-request', { id, frame });
    });
  }

  /** Emits `type` with `detail` in every other tab of this browser. */
  share(type, detail) {
    this.#tabs.post('share', { type, detail });
  }

  #follow(leading) {
    if (this.#stopped) return;
    if (leading && !this.#connection) {
      this.#rejectWaiting(); // they went to a leader that is gone
      const c = new Connection(this.#url, this.#token);
      this.#connection = c;
      this.#connectionOffs = [
        // "online" is announced with the welcome that follows it, which followers need.
        c.on('state', (state) => {
          this.#mirror(c);
          if (state !== 'online') this.#announce();
        }),
        c.on('welcome', (welcome) => {
          this.#welcome = welcome;
          this.emit('welcome', welcome);
          this.#announce();
        }),
        c.on('frame', (frame) => this.#relay('frame', frame)),
        c.on('ended', (reason) => this.#relay('ended', reason)),
      ];
      c.start();
    } else if (!leading && this.#connection) {
      this.#retire();
      this.#tabs.post('link-state', { state: 'connecting', attempt: 0, retryAt: 0 });
      this.#rejoin();
    }
  }

  #rejoin() {
    this.#mirror({ state: 'connecting', attempt: 0, retryAt: 0 });
    this.#tabs.post('link-hello');
  }

  #retire() {
    for (const off of this.#connectionOffs) off();
    this.#connectionOffs = [];
    this.#connection?.stop();
    this.#connection = null;
  }

  #announce() {
    const c = this.#connection;
    this.#tabs.post('link-state', { ...stateOf(c), welcome: c.state === 'online' ? this.#welcome : null });
  }

  #relay(event, detail) {
    this.emit(event, detail);
    this.#tabs.post('link-event', { event, detail });
  }

  #replay(event, detail) {
    if (event === 'ended') this.#setState('ended');
    this.emit(event, detail);
  }

  /** Takes on a state; a follower that comes online replays the leader's welcome for its ChatClient. */
  #mirror(source, welcome) {
    if (this.state === 'ended') return;
    const wasOnline = this.state === 'online';
    Object.assign(this, stateOf(source));
    if (this.state !== 'online') this.#rejectWaiting();
    this.emit('state', this.state);
    if (!this.leading && this.state === 'online' && !wasOnline) this.emit('welcome', welcome);
  }

  #setState(state) {
    this.state = state;
    this.emit('state', state);
  }

  #serve({ from, id, frame }) {
    const reply = (data) => this.#tabs.post('link-reply', { to: from, id, ...data });
    this.#connection.request(frame).then(
      (answer) => reply({ frame: answer }),
      (e) => reply({ error: e instanceof FrameError ? { code: e.code, message: e.message, retryAfterMs: e.retryAfterMs, first: e.first } : null }),
    );
  }

  #settle({ id, frame, error }) {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (frame) waiting.resolve(frame);
    else waiting.reject(error ? new FrameError(error) : new Error('offline'));
  }

  #rejectWaiting() {
    for (const { reject } of this.#waiting.values()) reject(new Error('offline'));
    this.#waiting.clear();
  }
}
