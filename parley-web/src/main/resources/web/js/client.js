// The engine between the socket, the local database and the store: the sync loop of docs/protocol.md
// ("The feed: how a device never misses anything"), receipts, history paging, presence, typing and
// the group requests ("Groups").
//
// Every tab of a browser runs a ChatClient over the one device database, but only the leader's
// (tabs.js, `connection.leading`) is the engine: it syncs, drains the outbox, acknowledges delivery and
// stores what the feed brings and the cursor. The others show what the leader relays, read what it
// stored, and tell the other tabs what they wrote ("tab:…" events), so every tab shows every message.
import { Outbox } from './outbox.js';
import { isGroupConv } from './store.js';

const CONVERSATIONS_PAGE = 50;
const HISTORY_PAGE = 50;
const MAX_CATCH_UP_PAGES = 6;
const MAX_WATCHED = 100; // the server's limit for one presence request
const MEMBERS_PAGE = 100;
const NAMES_PAGE = 500; // the server's largest group_info page
const MAX_USERS_LOOKUP = 256; // the server's limit for one users request
/** The protocol's default body limit, until a `welcome` (or the copy kept from the last one) says. */
const DEFAULT_MAX_BODY_BYTES = 16_384;

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
  #namesLookedUp = new Set();
  #saveHandlesQueued = false;
  #openConv = null;
  outbox;
  /** The server's limit on a message body, in UTF-8 bytes (`welcome` limits.maxBodyBytes). */
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

  constructor({ session, db, store, connection }) {
    this.#me = session;
    this.#db = db;
    this.#store = store;
    this.#connection = connection;
    this.outbox = new Outbox({
      db,
      connection,
      onSent: (entry, sent) => {
        const message = { conv: sent.conv, seq: sent.seq, id: entry.id, from: session.userId, device: session.deviceId, ts: sent.ts, body: entry.body, writtenAt: entry.createdAt };
        this.#keep(message);
        this.#share('tab:kept', message);
      },
      onFailed: (entry) => {
        entry.afterSeq = this.#store.lastSeq(entry.conv);
        this.#store.markFailed(entry);
        this.#share('tab:failed', entry);
      },
    });
    connection.on('welcome', (welcome) => this.#onWelcome(welcome));
    connection.on('frame', (frame) => this.#onFrame(frame));
    // What the other tabs of this browser did (see the top of this file).
    connection.on('tab:pending', (entry) => {
      this.#store.addPending(entry);
      this.outbox.drain();
    });
    connection.on('tab:kept', (message) => this.#store.addMessage(message));
    connection.on('tab:failed', (entry) => this.#store.markFailed(entry));
    connection.on('tab:retried', ({ conv, id }) => {
      this.#store.markRetried(conv, id);
      this.outbox.drain();
    });
    connection.on('tab:read', ({ conv, seq }) => this.#store.setOwnPositions(conv, seq));
    connection.on('tab:discarded', ({ conv, id }) => this.#store.removePending(conv, id));
    connection.on('tab:opened', ({ conv, peer }) => {
      this.#store.conversation(conv, peer);
      this.watchPresence();
    });
  }

  /** Whether this tab does the device's work (a plain Connection: always). */
  get #engine() {
    return this.#connection.leading !== false;
  }

  #share(type, detail) {
    this.#connection.share?.(type, detail);
  }

  /** Loads what this device kept locally, so the app shows something before (or without) the server. */
  async restore() {
    const handles = await this.#db.get('meta', 'handles');
    for (const [userId, handle] of Object.entries(handles ?? {})) this.#store.handles.set(userId, handle);
    for (const summary of await this.#db.getAll('convs')) this.#store.mergeSummary(summary);
    for (const entry of await this.outbox.entries()) this.#store.addPending(entry);
    this.maxBodyBytes = (await this.#db.get('meta', 'limits'))?.maxBodyBytes ?? this.maxBodyBytes;
  }

  /**
   * Loads the cached messages of a conversation, then history from the server: the newest page, and
   * older pages until the first unread message is in (at most MAX_CATCH_UP_PAGES), so the chat can
   * open at the unread marker.
   */
  async openConversation(conv) {
    this.#openConv = conv;
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
    const entry = await this.outbox.add(conv, body, this.#store.lastSeq(conv));
    this.#store.addPending(entry);
    this.#share('tab:pending', entry);
    this.outbox.drain();
  }

  /** Sends a message the server refused again (the person pressed Retry). */
  async retry(conv, id) {
    this.#store.markRetried(conv, id);
    await this.outbox.retry(id);
    this.#share('tab:retried', { conv, id });
  }

  /** Deletes a message the server refused: from the outbox and the view. */
  async discard(conv, id) {
    this.#store.removePending(conv, id);
    await this.outbox.discard(id);
    this.#share('tab:discarded', { conv, id });
  }

  /** Resolves with the conversation id for a handle (`open`); rejects with the FrameError. */
  async start(handle) {
    await this.#untilConnected();
    const opened = await this.#connection.request({ type: 'open', handle });
    this.#store.conversation(opened.conv, opened.peer);
    this.#share('tab:opened', { conv: opened.conv, peer: opened.peer });
    this.watchPresence();
    return opened.conv;
  }

  /** Waits (a few seconds at most) for a connection attempt under way, such as the first after logging in. */
  #untilConnected(ms = 10_000) {
    if (this.#connection.state !== 'connecting') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        off();
        clearTimeout(timer);
        resolve();
      };
      const off = this.#connection.on('state', (state) => state !== 'connecting' && done());
      const timer = setTimeout(done, ms);
    });
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
    // The server tells the user's other devices, not this one's other tabs.
    this.#share('tab:read', { conv, seq });
    // A former group member's receipts are refused by the server: their read position stays local.
    if (this.#store.canWrite(conv)) this.#connection.send({ type: 'read', conv, seq });
    this.#saveSummary(conv);
  }

  // A `presence` request replaces the server's watch list, so it always names every peer we show.
  // Servers without presence and typing answer `unknown_type` (without the ref): the first such error
  // switches both off, quietly.
  watchPresence(force = false) {
    if (!this.#engine) return; // the leader watches for every tab
    const peers = [...new Set([...this.#store.convs.values()].map((c) => c.peer?.userId).filter(Boolean))].sort().slice(0, MAX_WATCHED);
    const key = peers.join(',');
    if (!this.#extrasSupported || peers.length === 0 || (key === this.#watched && !force)) return;
    if (this.#connection.send({ type: 'presence', ref: 'presence', users: peers })) this.#watched = key;
  }

  sendTyping(conv, active) {
    if (this.#extrasSupported && this.#store.canWrite(conv)) this.#connection.send({ type: 'typing', conv, active });
  }

  /**
   * Creates a group; resolves with its conv. `id` is the idempotency key: the caller keeps it while a
   * try may have reached the server, so that trying again cannot create a second group.
   */
  async createGroup(id, title, handles) {
    const changed = await this.#connection.request({ type: 'create_group', id, title, members: handles });
    const c = this.#store.conversation(changed.conv);
    if (!c.group) this.#store.setGroup(changed.conv, { title, size: handles.length + 1, member: true });
    c.updatedAt = Math.max(c.updatedAt, changed.ts);
    this.#afterChange(changed.conv);
    return changed.conv;
  }

  addMembers(conv, handles) {
    return this.#change({ type: 'group_add', conv, handles });
  }

  removeMember(conv, user) {
    return this.#change({ type: 'group_remove', conv, user });
  }

  setAdmin(conv, user, admin) {
    return this.#change({ type: 'group_admin', conv, user, admin });
  }

  renameGroup(conv, title) {
    return this.#change({ type: 'group_rename', conv, title });
  }

  leaveGroup(conv) {
    return this.#change({ type: 'group_leave', conv });
  }

  /** Loads a page of a group's members: the first (replacing what was loaded), or with `more` the next. */
  async loadMembers(conv, more = false, limit = MEMBERS_PAGE) {
    const loaded = this.#store.membersOf(conv);
    if (more && !loaded?.next) return;
    const frame = { type: 'group_info', conv, limit };
    if (more) frame.after = loaded.next;
    const page = await this.#connection.request(frame);
    this.#store.addMemberPage(page, !more);
    this.#saveHandles();
  }

  /**
   * Learns the handles of users this device has not seen in a group (a sender, whom a system message
   * is about): the first member page if none is loaded (a current member needs it anyway), then
   * `users` for whoever is still unknown — members who left or were removed are on no member page,
   * and one `users` request names up to 256 of them, where member pages would take one request per
   * 500 members. Each user is asked about once per group; a failed request is tried on a later render.
   * `memberPages: false` (the conversation list's previews) skips the member page.
   */
  async resolveNames(conv, userIds, { memberPages = true } = {}) {
    const wanted = userIds.filter((u) => !this.#store.handleOf(u) && !this.#namesLookedUp.has(`${conv} ${u}`));
    if (wanted.length === 0 || this.#connection.state !== 'online') return;
    for (const u of wanted) this.#namesLookedUp.add(`${conv} ${u}`);
    try {
      if (memberPages && this.#store.canWrite(conv) && !this.#store.membersOf(conv)) await this.loadMembers(conv, false, NAMES_PAGE);
      const unknown = wanted.filter((u) => !this.#store.handleOf(u));
      for (let i = 0; i < unknown.length; i += MAX_USERS_LOOKUP) {
        const reply = await this.#connection.request({ type: 'users', ids: unknown.slice(i, i + MAX_USERS_LOOKUP) });
        this.#store.rememberHandles(reply.users, conv);
      }
      this.#saveHandles();
    } catch {
      // offline: shown by id for now, asked again on a later render
      for (const u of wanted) if (!this.#store.handleOf(u)) this.#namesLookedUp.delete(`${conv} ${u}`);
    }
  }

  /** One page of who has read (or, with kind "delivered", received) this user's message `seq`. */
  async readBy(conv, seq, kind, after) {
    const frame = { type: 'read_by', conv, seq, kind, limit: MEMBERS_PAGE };
    if (after) frame.after = after;
    const page = await this.#connection.request(frame);
    this.#store.rememberHandles(page.users);
    this.#saveHandles();
    return page;
  }

  async #change(frame) {
    const changed = await this.#connection.request(frame);
    this.#afterChange(frame.conv);
    return changed;
  }

  // The change's system message comes in the feed, to this device too (docs/protocol.md "Groups");
  // reload the member list it changed, with handles.
  #afterChange(conv) {
    if (this.#store.canWrite(conv) && this.#store.membersOf(conv)) this.loadMembers(conv).catch(() => {});
  }

  #saveHandles() {
    if (this.#saveHandlesQueued) return;
    this.#saveHandlesQueued = true;
    queueMicrotask(() => {
      this.#saveHandlesQueued = false;
      this.#db.put('meta', Object.fromEntries(this.#store.handles), 'handles').catch(() => {});
    });
  }

  async #onWelcome(welcome) {
    if (!this.#engine) return this.#onLeaderOnline(welcome);
    const cursor = await this.#db.get('meta', 'cursor');
    this.#connection.send(cursor ? { type: 'sync', after: cursor } : { type: 'sync' });
    this.outbox.drain();
    if (welcome?.limits?.maxBodyBytes) {
      this.maxBodyBytes = welcome.limits.maxBodyBytes;
      this.#db.put('meta', welcome.limits, 'limits').catch(() => {});
    }
    // A chat opened before the connection was up (a reload) has only what the device kept: its
    // history (and whether it reaches the start) comes now.
    if (this.#openConv && this.#store.conversation(this.#openConv).historyNext === undefined) this.loadOlder(this.#openConv);
    await this.#refreshConversations();
    this.watchPresence(true);
  }

  // A follower's connection came up (it joined, the leader reconnected, or it is back from the
  // back-forward cache): what it may have missed is in the database the leader writes.
  async #onLeaderOnline(welcome) {
    if (welcome?.limits?.maxBodyBytes) this.maxBodyBytes = welcome.limits.maxBodyBytes;
    await this.restore();
    if (this.#openConv) for (const m of await this.#db.messagesOf(this.#openConv)) this.#store.addMessage(m);
    await this.#refreshConversations();
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
    if (!this.#engine) {
      for (const event of frame.events) {
        if (event.kind === 'message') this.#addFromFeed(event);
        else if (event.kind === 'receipt') this.#store.applyReceipt(event);
        else if (event.kind === 'group_receipt') this.#store.applyGroupReceipt(event);
        if (event.system && this.#store.canWrite(event.conv) && this.#store.membersOf(event.conv)) this.loadMembers(event.conv).catch(() => {});
      }
      return;
    }
    const newest = new Map();
    const added = [];
    const changedGroups = new Set();
    for (const event of frame.events) {
      if (event.kind === 'message') {
        if (this.#store.addMessage(event)) added.push(event);
        if (event.from === this.#me.userId && event.device === this.#me.deviceId) await this.outbox.forget(event.id);
        else if (event.from !== this.#me.userId) newest.set(event.conv, Math.max(newest.get(event.conv) ?? 0, event.seq));
        if (event.system) changedGroups.add(event.conv);
        this.#refreshIfUnknown(event.conv);
      } else if (event.kind === 'receipt') {
        this.#store.applyReceipt(event);
      } else if (event.kind === 'group_receipt') {
        this.#store.applyGroupReceipt(event);
      }
    }
    // A removed member may read what they saw but reports nothing more (the server would refuse it).
    for (const [conv, seq] of newest) if (this.#store.canWrite(conv)) this.#connection.send({ type: 'received', conv, seq });
    // Roles and members changed: a member list on screen is read again.
    for (const conv of changedGroups) {
      if (this.#store.canWrite(conv) && this.#store.membersOf(conv)) this.loadMembers(conv).catch(() => {});
    }
    await this.#db.putAll('messages', added);
    await this.#db.putAll('convs', [...new Set(frame.events.map((e) => e.conv))].map((conv) => this.#summary(conv)));
    // Stored only after the events are applied and saved: a crash before this line replays them,
    // and replaying is harmless because messages are deduplicated by conv + seq.
    await this.#db.put('meta', frame.cursor, 'cursor');
  }

  #addFromFeed(message) {
    this.#store.addMessage(message);
    this.#refreshIfUnknown(message.conv);
  }

  // A conversation first heard of in the feed has no name yet: the conversation list has it.
  #refreshIfUnknown(conv) {
    const c = this.#store.convs.get(conv);
    if (isGroupConv(conv) ? !c?.group?.title : !c?.peer?.handle) this.#queueRefresh();
  }

  async #onSynced(frame) {
    if (frame.reset) await this.#refreshConversations();
    if (this.#engine) await this.#db.put('meta', frame.cursor, 'cursor');
  }

  async #refreshConversations() {
    try {
      const reply = await this.#connection.request({ type: 'conversations', limit: CONVERSATIONS_PAGE });
      for (const item of reply.items) {
        this.#store.mergeSummary(item);
        if (this.#engine && item.last && item.last.from !== this.#me.userId && item.last.seq > item.delivered && item.group?.member !== false) {
          this.#connection.send({ type: 'received', conv: item.conv, seq: item.last.seq });
        }
      }
      if (this.#engine) await this.#db.putAll('convs', reply.items.map((item) => this.#summary(item.conv)));
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
    if (!this.#store.canWrite(conv)) return;
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
