// What the UI shows, in memory: conversations, their messages (deduplicated by conv + seq), messages
// still in the outbox, receipt positions, presence, typing, and for groups their title, membership and
// member pages. It knows nothing of sockets or IndexedDB: ChatClient feeds it, and views listen to its
// "change" event (a Set of the conversations that changed).
import { Emitter } from './emitter.js';

const TYPING_SHOWN_MS = 6_000;

/** Message states behind the ticks: pending (clock), sent ✓, delivered ✓✓, read (blue ✓✓), failed. */
export const Status = Object.freeze({
  PENDING: 'pending', SENT: 'sent', DELIVERED: 'delivered', READ: 'read', FAILED: 'failed',
});

/**
 * Whether a conversation is a group. docs/protocol.md ("Groups") fixes the form of a group's id
 * (`g.` and 26 characters); the client only recognises it, it never builds one.
 */
export function isGroupConv(conv) {
  return conv.startsWith('g.');
}

export class ChatStore extends Emitter {
  /**
   * conv → {conv, peer, group, last, unread, read, delivered, peerRead, peerDelivered, updatedAt, historyNext,
   * firstSeq}: `firstSeq` is the first message this user may see, once history reached it.
   * A 1:1 chat has `peer` {userId, handle}; a group has `group` {title, size, member} instead, and its
   * peerRead/peerDelivered are what every current member has read and received (`group_receipt`).
   */
  convs = new Map();
  /** userId → {online, lastSeen} */
  presence = new Map();
  /** userId → handle, for senders and system lines in groups (kept across reloads by ChatClient) */
  handles = new Map();
  /** group conv → {members: Map(userId → {user, handle, role, since}), next}: the member pages loaded */
  #members = new Map();
  /** conv → Map(seq → message) */
  #messages = new Map();
  /** conv → outbox entries not yet acknowledged by `sent`, in send order */
  #pending = new Map();
  /** conv → Map(userId → until) */
  #typing = new Map();
  #changed = new Set();

  constructor(me) {
    super();
    this.me = me;
  }

  /** Creates the conversation if this is the first we hear of it; returns it. */
  conversation(conv, peer = null) {
    let c = this.convs.get(conv);
    if (!c) {
      c = { conv, peer: null, group: null, last: null, unread: 0, read: 0, delivered: 0, peerRead: 0, peerDelivered: 0, updatedAt: 0, historyNext: undefined };
      this.convs.set(conv, c);
      this.#touch(conv);
    }
    if (peer && !isGroupConv(conv) && !c.peer?.handle) {
      c.peer = peer;
      if (peer.handle) this.handles.set(peer.userId, peer.handle);
      this.#touch(conv);
    }
    return c;
  }

  /** Sets what is known of a group: {title, size, member}, any of them. */
  setGroup(conv, group) {
    const c = this.conversation(conv);
    c.group = { title: null, size: 0, member: true, ...c.group, ...group };
    this.#touch(conv);
  }

  /** The handle of a user id, or null while unknown. */
  handleOf(userId) {
    return userId === this.me.userId ? this.me.handle : this.handles.get(userId) ?? null;
  }

  /** Keeps handles ({userId, handle}); with `conv`, that conversation re-renders if a name is new. */
  rememberHandles(users, conv) {
    let learnt = false;
    for (const u of users) {
      if (u.handle && this.handles.get(u.userId) !== u.handle) {
        this.handles.set(u.userId, u.handle);
        learnt = true;
      }
    }
    if (learnt && conv) this.#touch(conv);
  }

  /** Records a `group_info` page; `fresh` (a first page) replaces what was loaded before. */
  addMemberPage(page, fresh) {
    const old = this.#members.get(page.conv);
    const members = fresh || !old ? new Map() : old.members;
    for (const m of page.members) {
      members.set(m.user, m);
      if (m.handle) this.handles.set(m.user, m.handle);
    }
    this.#members.set(page.conv, { members, next: page.next });
    this.setGroup(page.conv, { title: page.title, size: page.size, member: true });
  }

  /** {members: [...] ordered by user id, next} or null before the first page. */
  membersOf(conv) {
    const loaded = this.#members.get(conv);
    if (!loaded) return null;
    return { members: [...loaded.members.values()].sort((a, b) => (a.user < b.user ? -1 : 1)), next: loaded.next };
  }

  /** True/false once this user's own member row is loaded; null while unknown. */
  isAdmin(conv) {
    const mine = this.#members.get(conv)?.members.get(this.me.userId);
    return mine ? mine.role === 'admin' : null;
  }

  /** False for a group this user left or was removed from: it stays readable, but not writable. */
  canWrite(conv) {
    return this.convs.get(conv)?.group?.member !== false;
  }

  /** Merges a `conversations` item (or a cached one): positions only move forward. */
  mergeSummary(item) {
    const c = this.conversation(item.conv, item.peer);
    if (item.group) c.group = { ...c.group, ...item.group };
    const theirsIsNewer = (item.last?.seq ?? 0) >= (c.last?.seq ?? 0);
    for (const key of ['read', 'delivered', 'peerRead', 'peerDelivered']) c[key] = Math.max(c[key], item[key] ?? 0);
    if (theirsIsNewer) {
      // `last` feeds the list's preview only: the chat's timeline is built from contiguous history.
      c.last = item.last ?? c.last;
      c.unread = c.read >= (c.last?.seq ?? 0) ? 0 : item.unread ?? c.unread;
    }
    c.updatedAt = Math.max(c.updatedAt, item.updatedAt ?? 0, item.last?.ts ?? 0);
    if (item.firstSeq) c.firstSeq = Math.min(c.firstSeq ?? Infinity, item.firstSeq);
    this.#touch(item.conv);
  }

  /** Adds a message (from the feed, history, a `sent` reply or the cache); returns false if already known. */
  addMessage(m) {
    const c = this.conversation(m.conv, m.from !== this.me.userId ? { userId: m.from, handle: null } : null);
    const isNew = this.#remember(m);
    if (!isNew) return false;
    this.#dropPending(m.conv, m.id);
    if (!c.last || m.seq > c.last.seq) {
      if (m.from !== this.me.userId && m.seq > c.read) c.unread++;
      c.last = m;
      c.updatedAt = Math.max(c.updatedAt, m.ts);
      // Only a change newer than everything known moves the group's state: history pages of older
      // changes must not undo newer ones.
      if (m.system) this.#applyChange(c, m.system);
    }
    this.#typing.get(m.conv)?.delete(m.from);
    this.#touch(m.conv);
    return true;
  }

  /** A membership change (a system message) as it affects what this device shows. */
  #applyChange(c, change) {
    const me = this.me.userId;
    const users = change.users ?? [];
    const group = { title: null, size: 0, member: true, ...c.group };
    if (change.title) group.title = change.title;
    switch (change.action) {
      case 'created':
        group.size = users.length + 1;
        group.member = true;
        break;
      case 'added':
        group.size += users.length;
        if (users.includes(me)) group.member = true;
        break;
      case 'removed':
        group.size = Math.max(0, group.size - users.length);
        if (users.includes(me)) group.member = false;
        break;
      case 'left':
        group.size = Math.max(0, group.size - 1);
        if (change.actor === me) group.member = false;
        break;
      default:
    }
    c.group = group;
  }
  /** Applies a `group_receipt` feed event: what every current member has received and read. */
  applyGroupReceipt(event) {
    const c = this.conversation(event.conv);
    c.peerRead = Math.max(c.peerRead, event.read);
    c.peerDelivered = Math.max(c.peerDelivered, event.delivered, event.read);
    this.#touch(event.conv);
  }

  /** Applies a `receipt` feed event: our own user's positions or the peer's. */
  applyReceipt(event) {
    if (event.user === this.me.userId) {
      this.setOwnPositions(event.conv, event.read, event.delivered);
      return;
    }
    const c = this.conversation(event.conv);
    c.peerRead = Math.max(c.peerRead, event.read);
    c.peerDelivered = Math.max(c.peerDelivered, event.delivered, event.read);
    this.#touch(event.conv);
  }

  /** Our read position moved (read here or on another device of ours): unread counts follow. */
  setOwnPositions(conv, read, delivered = read) {
    const c = this.conversation(conv);
    c.delivered = Math.max(c.delivered, delivered, read);
    if (read <= c.read) return;
    c.read = read;
    const lastSeq = c.last?.seq ?? 0;
    c.unread = read >= lastSeq ? 0 : this.#peerMessagesAbove(conv, read);
    this.#touch(conv);
  }

  /** Where history paging continues: a page token, or null once the first message is loaded. */
  setHistoryNext(conv, next) {
    const c = this.conversation(conv);
    c.historyNext = next;
    if (next === null) {
      const seqs = [...(this.#messages.get(conv)?.keys() ?? [])];
      if (seqs.length) c.firstSeq = Math.min(...seqs);
    }
    this.#touch(conv);
  }

  /**
   * True while messages the user has not read may be missing from the loaded timeline (older history
   * not fetched yet). A read receipt then must wait: `read` up to N covers every message up to N.
   */
  hasUnloadedUnread(conv) {
    const c = this.conversation(conv);
    if (c.historyNext === null) return false;
    let lowest = Infinity;
    for (const seq of this.#messages.get(conv)?.keys() ?? []) lowest = Math.min(lowest, seq);
    return lowest > c.read + 1 && (c.last?.seq ?? 0) > c.read;
  }

  addPending(entry) {
    this.conversation(entry.conv);
    const list = this.#pending.get(entry.conv) ?? [];
    if (!list.some((p) => p.id === entry.id)) list.push(entry);
    this.#pending.set(entry.conv, list);
    const c = this.convs.get(entry.conv);
    c.updatedAt = Math.max(c.updatedAt, entry.createdAt);
    this.#touch(entry.conv);
  }

  /**
   * The server refused the message for good (say, too long): it stays on screen as "Not sent", where it
   * stood when refused (`afterSeq`: after the messages known then), until retried or deleted.
   */
  markFailed({ conv, id, failed, failedCode, afterSeq }) {
    const entry = this.pendingOf(conv).find((p) => p.id === id);
    if (entry) Object.assign(entry, { failed, failedCode, afterSeq });
    this.#touch(conv);
  }

  /** A failed message is being sent again: pending, at the end, until its `sent`. */
  markRetried(conv, id) {
    const list = this.pendingOf(conv);
    const entry = list.find((p) => p.id === id);
    if (!entry) return;
    delete entry.failed;
    delete entry.failedCode;
    delete entry.afterSeq;
    this.#pending.set(conv, list.filter((p) => p !== entry).concat(entry));
    this.#touch(conv);
  }

  /** A failed message the person deleted (or took back to edit). */
  removePending(conv, id) {
    this.#dropPending(conv, id);
    this.#touch(conv);
  }

  /** The newest message seq this device knows in a conversation (0 if none). */
  lastSeq(conv) {
    let last = this.convs.get(conv)?.last?.seq ?? 0;
    for (const seq of this.#messages.get(conv)?.keys() ?? []) last = Math.max(last, seq);
    return last;
  }

  /**
   * Whether the loaded timeline starts at the conversation's beginning for this user: history said
   * there is nothing older, or the first message this user may see (seq 1, or for someone who joined
   * a group later the first that history gave them, kept as `firstSeq` across reloads) is loaded.
   */
  atStart(conv) {
    const c = this.conversation(conv);
    if (c.historyNext === null) return true;
    const first = c.firstSeq ?? 1;
    for (const seq of this.#messages.get(conv)?.keys() ?? []) if (seq <= first) return true;
    return false;
  }

  pendingOf(conv) {
    return this.#pending.get(conv) ?? [];
  }

  /**
   * The conversation's messages oldest first, each failed one in the place it had when refused (after
   * message `afterSeq`), then what is still pending.
   */
  timeline(conv) {
    const sent = [...(this.#messages.get(conv)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    const waiting = this.pendingOf(conv);
    const failed = waiting.filter((p) => p.failed).sort((a, b) => (a.afterSeq ?? Infinity) - (b.afterSeq ?? Infinity));
    const pending = waiting.filter((p) => !p.failed);
    if (failed.length === 0) return sent.concat(pending);
    const merged = [];
    let i = 0;
    for (const m of sent) {
      while (i < failed.length && (failed[i].afterSeq ?? Infinity) < m.seq) merged.push(failed[i++]);
      merged.push(m);
    }
    return merged.concat(failed.slice(i), pending);
  }

  statusOf(m) {
    if (m.failed) return Status.FAILED;
    if (m.seq == null) return Status.PENDING;
    const c = this.convs.get(m.conv);
    if (c.peerRead >= m.seq) return Status.READ;
    if (c.peerDelivered >= m.seq) return Status.DELIVERED;
    return Status.SENT;
  }

  /** Conversations with the most recent activity first. */
  sortedConversations() {
    return [...this.convs.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  setPresence(users) {
    for (const u of users ?? []) this.presence.set(u.userId, { online: !!u.online, lastSeen: u.lastSeen ?? null });
    for (const c of this.convs.values()) if (users?.some((u) => u.userId === c.peer?.userId)) this.#touch(c.conv);
  }

  /** Offline, we no longer know who is online or typing: show nothing rather than stale news. */
  forgetPresence() {
    this.presence.clear();
    this.#typing.clear();
    for (const conv of this.convs.keys()) this.#touch(conv);
  }

  setTyping(conv, user, active) {
    if (user === this.me.userId) return;
    let typing = this.#typing.get(conv);
    if (!typing) this.#typing.set(conv, (typing = new Map()));
    if (active) {
      typing.set(user, Date.now() + TYPING_SHOWN_MS);
      setTimeout(() => this.#touch(conv), TYPING_SHOWN_MS + 50);
    } else {
      typing.delete(user);
    }
    this.#touch(conv);
  }

  isTyping(conv) {
    return this.typersOf(conv).length > 0;
  }

  /** The user ids typing in a conversation right now. */
  typersOf(conv) {
    const now = Date.now();
    return [...(this.#typing.get(conv) ?? new Map())].filter(([, until]) => until > now).map(([user]) => user);
  }

  #remember(m) {
    let byseq = this.#messages.get(m.conv);
    if (!byseq) this.#messages.set(m.conv, (byseq = new Map()));
    if (byseq.has(m.seq)) return false;
    byseq.set(m.seq, m);
    return true;
  }

  #dropPending(conv, id) {
    const list = this.#pending.get(conv);
    if (list) this.#pending.set(conv, list.filter((p) => p.id !== id));
  }

  #peerMessagesAbove(conv, seq) {
    let count = 0;
    for (const m of this.#messages.get(conv)?.values() ?? []) if (m.seq > seq && m.from !== this.me.userId) count++;
    return count;
  }

  // Views re-render once per burst of changes (a feed frame can carry 500 events). A microtask, not
  // requestAnimationFrame: background tabs get no animation frames and must still stay current.
  #touch(conv) {
    if (this.#changed.size === 0) queueMicrotask(() => this.#flush());
    this.#changed.add(conv);
  }

  #flush() {
    const changed = new Set(this.#changed);
    this.#changed.clear();
    this.emit('change', changed);
  }
}
