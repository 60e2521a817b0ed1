// The engine between the socket, the local database and the store: the sync loop of docs/protocol.md
// ("The feed: how a device never misses anything"), receipts, history paging, presence and typing.
import { Outbox } from './outbox.js';

const CONVERSATIONS_PAGE = 50;
const HISTORY_PAGE = 50;
const MAX_CATCH_UP_PAGES = 6;
const MAX_WATCHED = 100; // the server's limit for one presence request

export class ChatClient {
  #db;
  #store;
  #connection;
  #me;
  #feedChain = Promise.resolve();
  #extrasSupported = true;
  #watched = '';
  #refreshQueued = false;
  #loadingHistory = new Set();
  outbox;

  constructor({ session, db, store, connection }) {
    this.#me = session;
    this.#db = db;
    this.#store = store;
    this.#connection = connection;
    this.outbox = new Outbox({
      db,
      connection,
      onSent: (entry, sent) => this.#keep({ conv: sent.conv, seq: sent.seq, id: entry.id, from: session.userId, device: session.deviceId, ts: sent.ts, body: entry.body }),
      onFailed: (entry, error) => this.#store.markFailed(entry.conv, entry.id, error.message),
    });
    connection.on('welcome', () => this.#onWelcome());
    connection.on('frame', (frame) => this.#onFrame(frame));
  }

  /** Loads what this device kept locally, so the app shows something before (or without) the server. */
  async restore() {
    for (const summary of await this.#db.getAll('convs')) this.#store.mergeSummary(summary);
    for (const entry of await this.outbox.entries()) this.#store.addPending(entry);
  }

  /**
   * Loads the cached messages of a conversation, then history from the server: the newest page, and
   * older pages until the first unread message is in (at most MAX_CATCH_UP_PAGES), so the chat can
   * open at the unread marker.
   */
  async openConversation(conv) {
    for (const m of await this.#db.messagesOf(conv)) this.#store.addMessage(m);
    const c = this.#store.conversation(conv);
    if (c.historyNext === undefined) await this.loadOlder(conv);
    for (let page = 1; page < MAX_CATCH_UP_PAGES && this.#store.hasUnloadedUnread(conv) && c.historyNext; page++) {
      await this.loadOlder(conv);
    }
    this.watchPresence();
  }

  /** Writes a message: into the outbox first (it survives a reload), then out when online. */
  async send(conv, body) {
    const entry = await this.outbox.add(conv, body);
    this.#store.addPending(entry);
    this.outbox.drain();
  }

  /** Resolves with the conversation id for a handle (`open`); rejects with the FrameError. */
  async start(handle) {
    const opened = await this.#connection.request({ type: 'open', handle });
    this.#store.conversation(opened.conv, opened.peer);
    this.watchPresence();
    return opened.conv;
  }

  /** Pages backwards through history; `historyNext` undefined = never loaded, null = at the first message. */
  async loadOlder(conv) {
    const c = this.#store.conversation(conv);
    if (c.historyNext === null || this.#loadingHistory.has(conv) || this.#connection.state !== 'online') return;
    this.#loadingHistory.add(conv);
    try {
      const frame = { type: 'history', conv, limit: HISTORY_PAGE };
      if (c.historyNext) frame.before = c.historyNext;
      const page = await this.#connection.request(frame);
      const added = page.messages.filter((m) => this.#store.addMessage(m));
      await this.#db.putAll('messages', added);
      this.#store.setHistoryNext(conv, page.next);
      this.#acknowledgeDelivery(conv, page.messages);
    } catch {
      // offline or refused: the view offers the page again on the next scroll
    } finally {
      this.#loadingHistory.delete(conv);
    }
  }

  /** The user has seen the conversation up to `seq` (visible on screen, tab focused). */
  markRead(conv, seq) {
    const c = this.#store.convs.get(conv);
    if (!c || seq <= c.read) return;
    this.#store.setOwnPositions(conv, seq);
    this.#connection.send({ type: 'read', conv, seq });
    this.#saveSummary(conv);
  }

  // A `presence` request replaces the server's watch list, so it always names every peer we show.
  // Servers without presence and typing answer `unknown_type` (without the ref): the first such error
  // switches both off, quietly.
  watchPresence(force = false) {
    const peers = [...new Set([...this.#store.convs.values()].map((c) => c.peer?.userId).filter(Boolean))].sort().slice(0, MAX_WATCHED);
    const key = peers.join(',');
    if (!this.#extrasSupported || peers.length === 0 || (key === this.#watched && !force)) return;
    if (this.#connection.send({ type: 'presence', ref: 'presence', users: peers })) this.#watched = key;
  }

  sendTyping(conv, active) {
    if (this.#extrasSupported) this.#connection.send({ type: 'typing', conv, active });
  }

  async #onWelcome() {
    const cursor = await this.#db.get('meta', 'cursor');
    this.#connection.send(cursor ? { type: 'sync', after: cursor } : { type: 'sync' });
    this.outbox.drain();
    await this.#refreshConversations();
    this.watchPresence(true);
  }

  #onFrame(frame) {
    switch (frame.type) {
      case 'feed':
        this.#feedChain = this.#feedChain.then(() => this.#applyFeed(frame)).catch((e) => console.error(e));
        break;
      case 'synced':
        this.#feedChain = this.#feedChain.then(() => this.#onSynced(frame));
        break;
      case 'presence':
        this.#store.setPresence(frame.users);
        break;
      case 'typing':
        this.#store.setTyping(frame.conv, frame.user, frame.active);
        break;
      case 'error':
        if (frame.code === 'unknown_type') this.#extrasSupported = false;
        break;
      default:
        // replies are handled by whoever sent the request; unknown frames are ignored (forward compatible)
    }
  }

  async #applyFeed(frame) {
    const newest = new Map();
    const added = [];
    for (const event of frame.events) {
      if (event.kind === 'message') {
        if (this.#store.addMessage(event)) added.push(event);
        if (event.from === this.#me.userId && event.device === this.#me.deviceId) await this.outbox.forget(event.id);
        else if (event.from !== this.#me.userId) newest.set(event.conv, Math.max(newest.get(event.conv) ?? 0, event.seq));
        if (!this.#store.convs.get(event.conv)?.peer?.handle) this.#queueRefresh();
      } else if (event.kind === 'receipt') {
        this.#store.applyReceipt(event);
      }
    }
    for (const [conv, seq] of newest) this.#connection.send({ type: 'received', conv, seq });
    await this.#db.putAll('messages', added);
    await this.#db.putAll('convs', [...new Set(frame.events.map((e) => e.conv))].map((conv) => this.#summary(conv)));
    // Stored only after the events are applied and saved: a crash before this line replays them,
    // and replaying is harmless because messages are deduplicated by conv + seq.
    await this.#db.put('meta', frame.cursor, 'cursor');
  }

  async #onSynced(frame) {
    if (frame.reset) await this.#refreshConversations();
    await this.#db.put('meta', frame.cursor, 'cursor');
  }

  async #refreshConversations() {
    try {
      const reply = await this.#connection.request({ type: 'conversations', limit: CONVERSATIONS_PAGE });
      for (const item of reply.items) {
        this.#store.mergeSummary(item);
        if (item.last && item.last.from !== this.#me.userId && item.last.seq > item.delivered) {
          this.#connection.send({ type: 'received', conv: item.conv, seq: item.last.seq });
        }
      }
      await this.#db.putAll('convs', reply.items.map((item) => this.#summary(item.conv)));
    } catch {
      // offline again: the next welcome refreshes
    }
  }

  #queueRefresh() {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    setTimeout(async () => {
      this.#refreshQueued = false;
      await this.#refreshConversations();
      this.watchPresence();
    }, 200);
  }

  #acknowledgeDelivery(conv, messages) {
    const c = this.#store.convs.get(conv);
    const theirs = messages.filter((m) => m.from !== this.#me.userId).map((m) => m.seq);
    const newest = Math.max(0, ...theirs);
    if (newest > c.delivered) this.#connection.send({ type: 'received', conv, seq: newest });
  }

  async #keep(message) {
    this.#store.addMessage(message);
    await this.#db.put('messages', message);
    this.#saveSummary(message.conv);
  }

  #saveSummary(conv) {
    this.#db.put('convs', this.#summary(conv)).catch(() => {});
  }

  #summary(conv) {
    const { historyNext, ...summary } = this.#store.convs.get(conv);
    return summary;
  }
}
