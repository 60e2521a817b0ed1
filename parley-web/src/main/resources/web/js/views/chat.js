// One open conversation: messages with ticks, day separators, the unread marker, "jump to latest",
// infinite scroll backwards, read receipts sent only for messages actually on screen while the tab is
// visible and focused, typing.
// In a group also: the sender of each message, membership changes as centred lines, the members
// panel, "Message info" (who read it) behind the ticks of this user's messages, and no composer once
// this user is no longer a member.
import { clockTime, dayKey, dayLabel, fullTime, lastSeen } from '../format.js';
import { Status } from '../store.js';
import { messageBody } from './body.js';
import { BodyLimit } from './bodylimit.js';
import { avatar, groupAvatar, h, icon } from './dom.js';
import { FailedMessages } from './failed.js';
import { JumpToLatest } from './jump.js';
import { MembersPanel } from './members.js';
import { describeChange, mentioned, nameOf, typingText } from './names.js';
import { ReadByPanel } from './readby.js';

const TICKS = {
  [Status.PENDING]: ['clock', 'Pending'],
  [Status.SENT]: ['check', 'Sent'],
  [Status.DELIVERED]: ['checks', 'Delivered'],
  [Status.READ]: ['checks', 'Read'],
  [Status.FAILED]: [null, 'Not sent'],
};
/** In a group the ticks speak for every member. */
const GROUP_TICKS = {
  [Status.SENT]: 'Sent',
  [Status.DELIVERED]: 'Delivered to everyone',
  [Status.READ]: 'Read by everyone',
};
const LOAD_OLDER_WITHIN_PX = 150;
const STICK_TO_BOTTOM_PX = 80;
const TYPING_RESEND_MS = 3_000;
const TYPING_IDLE_MS = 4_000;

export class ChatView {
  element;
  #conv;
  #store;
  #client;
  #elements = new Map();
  #top = h('li', { class: 'history-edge' });
  #marker = h('li', { class: 'unread-marker', id: 'unread-marker' });
  #log;
  #status = h('p', { class: 'chat-status', id: 'chat-status', 'aria-live': 'polite' });
  #title = h('h2', { id: 'chat-title' });
  #avatarSlot = h('span');
  #membersButton;
  #body;
  #panel = null;
  #composerForm;
  #goneNote = h('p', { class: 'composer-gone', id: 'composer-gone', role: 'status' }, 'You are no longer a member of this group, so you cannot send messages to it.');
  #input;
  /** The unread marker goes above the first message from others after this seq (none: Infinity). */
  #markerAfter;
  #days = new Map();
  #jump = new JumpToLatest(() => this.#scrollToEnd());
  #newestSeq = null;
  #limit;
  #failed;
  #ready = false;
  #positioned = false;
  #firstSeq = null;
  #lastId = null;
  #visible = new Set();
  #observed = new Set();
  #observer;
  #typingSentAt = 0;
  #typingIdle = 0;
  #cleanup = [];
  #panelOpener = null;

  constructor({ conv, store, client, onBack }) {
    this.#conv = conv;
    this.#store = store;
    this.#client = client;
    const c = store.conversation(conv);
    this.#markerAfter = c.unread > 0 ? c.read : Infinity;
    this.#log = h('ol', { class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0', 'aria-labelledby': 'chat-title',
      onscroll: () => this.#onScroll() });
    this.#observer = new IntersectionObserver((entries) => this.#onIntersect(entries), { root: this.#log, threshold: [0, 0.5, 1] });
    this.#membersButton = h('button', { type: 'button', class: 'members-button', id: 'group-members-button', 'aria-expanded': 'false',
      'aria-controls': 'members-panel', 'aria-label': 'Group members', hidden: !c.group, onclick: () => this.#toggleMembers() }, icon('group'), h('span', {}, 'Members'));
    this.#body = h('div', { class: 'chat-body' }, this.#log, this.#jump.element);
    this.element = h('section', { class: 'chat-pane', 'aria-labelledby': 'chat-title' },
      h('header', { class: 'chat-header' },
        h('button', { type: 'button', class: 'back icon-button', 'aria-label': 'Back to conversations', onclick: onBack }, icon('back')),
        this.#avatarSlot, h('div', { class: 'chat-who' }, this.#title, this.#status), this.#membersButton),
      this.#body,
      this.#composer(),
      this.#goneNote);
    this.#failed = new FailedMessages({ conv, store, client, input: this.#input });
    const recheck = () => this.#maybeRead();
    for (const [target, type] of [[window, 'focus'], [document, 'visibilitychange']]) {
      target.addEventListener(type, recheck);
      this.#cleanup.push(() => target.removeEventListener(type, recheck));
    }
    this.render();
    client.openConversation(conv).finally(() => {
      this.#ready = true;
      this.render();
    });
  }

  get conv() {
    return this.#conv;
  }

  focusComposer() {
    this.#input.focus();
  }

  destroy() {
    this.#observer.disconnect();
    this.#cleanup.forEach((fn) => fn());
    clearTimeout(this.#typingIdle);
  }

  render() {
    const c = this.#store.conversation(this.#conv);
    this.#renderHeader(c);
    this.#renderComposer(c);
    this.#panel?.render();
    const nearBottom = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < STICK_TO_BOTTOM_PX;
    const heightBefore = this.#log.scrollHeight;
    const timeline = this.#store.timeline(this.#conv);
    const me = this.#store.me.userId;
    this.#moveMarker(c, timeline);
    const firstUnread = timeline.find((m) => m.seq > this.#markerAfter && m.from !== me);
    const nodes = [this.#top];
    let day = null;
    for (const m of timeline) {
      const ts = m.ts ?? m.createdAt;
      if (dayKey(ts) !== day) {
        day = dayKey(ts);
        nodes.push(this.#daySeparator(day, ts));
      }
      if (m === firstUnread) nodes.push(this.#marker);
      nodes.push(this.#messageElement(m));
    }
    const newestSeq = timeline.findLast((m) => m.seq != null)?.seq ?? null;
    const arrived = this.#newestSeq == null ? 0 : timeline.filter((m) => m.seq > this.#newestSeq && m.from !== me).length;
    this.#newestSeq = newestSeq;
    const last = timeline.at(-1);
    const wroteNew = last && last.id !== this.#lastId && (last.seq == null || last.from === me);
    this.#lastId = last?.id;
    this.#renderEdge(c, timeline.length);
    if (firstUnread) {
      const count = timeline.filter((m) => m.seq >= firstUnread.seq && m.from !== me).length;
      this.#marker.textContent = `${count} unread message${count === 1 ? '' : 's'}`;
    }
    this.#placeInOrder(nodes);
    if (c.group) this.#client.resolveNames(this.#conv, this.#unnamed(timeline));

    const firstSeq = timeline[0]?.seq ?? null;
    const prepended = this.#firstSeq != null && firstSeq != null && firstSeq < this.#firstSeq;
    this.#firstSeq = firstSeq;
    const wasPositioned = this.#positioned;
    if (!this.#positioned && this.#ready && timeline.length > 0) {
      this.#positioned = true;
      if (firstUnread) this.#marker.scrollIntoView({ block: 'start' });
      else this.#log.scrollTop = this.#log.scrollHeight;
      this.#observeAfresh();
    } else if (prepended) {
      this.#log.scrollTop += this.#log.scrollHeight - heightBefore; // keep what the reader was looking at
    } else if (nearBottom || wroteNew) {
      this.#scrollToEnd();
    } else if (wasPositioned && arrived > 0) {
      this.#jump.add(arrived); // the reader is further up: keep their place, say what came in
    }
    if (this.#ready) this.#fillScreen(c);
    // No read check here: positioning just moved the scroll, and the IntersectionObserver reports
    // what is really on screen a moment later.
  }

  /**
   * While the person is away (tab hidden or unfocused), messages arriving after everything was read
   * get the unread marker above them, as when the chat is opened with unread messages.
   */
  #moveMarker(c, timeline) {
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    const me = this.#store.me.userId;
    if (this.#markerAfter !== c.read && timeline.some((m) => m.seq > c.read && m.from !== me)) this.#markerAfter = c.read;
  }

  /** "Today", "Yesterday" or a date above the first message of each day; the label follows the clock. */
  #daySeparator(key, ts) {
    let el = this.#days.get(key);
    if (!el) {
      el = h('li', { class: 'day-separator', 'data-day': key }, h('span', {}));
      this.#days.set(key, el);
    }
    const label = dayLabel(ts);
    if (el.firstChild.textContent !== label) el.firstChild.textContent = label;
    return el;
  }

  #scrollToEnd() {
    this.#log.scrollTop = this.#log.scrollHeight;
    this.#jump.hide();
  }

  #renderHeader(c) {
    if (c.group) return this.#renderGroupHeader(c);
    const handle = c.peer?.handle ?? '…';
    const presence = this.#store.presence.get(c.peer?.userId);
    this.#title.textContent = handle;
    this.#avatarSlot.replaceChildren(avatar(handle, presence?.online));
    const status = this.#store.isTyping(this.#conv) ? 'typing…' : presence?.online ? 'online' : presence ? lastSeen(presence.lastSeen) : '';
    if (this.#status.textContent !== status) this.#status.textContent = status;
  }

  #renderGroupHeader(c) {
    this.#title.textContent = c.group.title ?? 'Group';
    if (!this.#avatarSlot.firstChild?.classList.contains('group-avatar')) this.#avatarSlot.replaceChildren(groupAvatar());
    this.#membersButton.hidden = false;
    const typers = this.#store.typersOf(this.#conv);
    const status = typers.length ? typingText(this.#store, typers)
      : !c.group.member ? 'You are no longer a member'
        : c.group.size ? `${c.group.size} member${c.group.size === 1 ? '' : 's'}` : '';
    if (this.#status.textContent !== status) this.#status.textContent = status;
  }

  /** A group this user left or was removed from stays readable, with a note instead of the composer. */
  #renderComposer(c) {
    const gone = !this.#store.canWrite(c.conv);
    this.#composerForm.hidden = gone;
    this.#input.disabled = gone;
    this.#goneNote.hidden = !gone;
    if (gone) this.#stopTyping();
  }

  /** User ids the timeline mentions whose handles this device does not know yet. */
  #unnamed(timeline) {
    const ids = new Set();
    for (const m of timeline) for (const u of m.system ? mentioned(m.system) : [m.from]) if (u && !this.#store.handleOf(u)) ids.add(u);
    return [...ids];
  }

  #toggleMembers() {
    if (this.#panel instanceof MembersPanel) return this.#closePanel();
    this.#openPanel(new MembersPanel({ conv: this.#conv, store: this.#store, client: this.#client, onClose: () => this.#closePanel() }), this.#membersButton);
  }

  #showReadBy(el) {
    const m = this.#store.timeline(this.#conv).find((x) => x.id === el.dataset.id);
    if (m?.seq == null) return;
    this.#openPanel(new ReadByPanel({ conv: this.#conv, message: m, store: this.#store, client: this.#client, onClose: () => this.#closePanel() }),
      el.querySelector('.tick'));
  }

  #openPanel(panel, opener) {
    this.#panel?.element.remove();
    this.#panel = panel;
    this.#panelOpener = opener;
    this.#body.append(panel.element);
    this.#membersButton.setAttribute('aria-expanded', String(panel instanceof MembersPanel));
    panel.focus();
  }

  #closePanel() {
    this.#panel?.element.remove();
    this.#panel = null;
    this.#membersButton.setAttribute('aria-expanded', 'false');
    if (this.#panelOpener?.isConnected) this.#panelOpener.focus();
  }

  /** The top of the list: a page still to load, or the start of the conversation. */
  #renderEdge(c, count) {
    const atStart = this.#store.atStart(c.conv);
    if (atStart && c.group) {
      this.#top.textContent = count ? `This is the start of “${c.group.title ?? 'the group'}” for you.` : 'No messages yet.';
    } else if (atStart) {
      this.#top.textContent = count ? `This is the start of your conversation with ${c.peer?.handle ?? '…'}.` : 'No messages yet. Say hello!';
    } else {
      this.#top.textContent = c.historyNext ? 'Loading earlier messages…' : '';
    }
  }

  #placeInOrder(nodes) {
    const children = this.#log.children;
    nodes.forEach((node, i) => {
      if (children[i] !== node) this.#log.insertBefore(node, children[i] ?? null);
    });
    while (children.length > nodes.length) children[nodes.length].remove();
  }

  #messageElement(m) {
    if (m.system) return this.#systemElement(m);
    const mine = m.seq == null || m.from === this.#store.me.userId;
    const group = !!this.#store.conversation(this.#conv).group;
    let el = this.#elements.get(m.id);
    if (!el) {
      // In a group the ticks of this user's message open "Message info": who read it.
      const tick = !mine ? null
        : group ? h('button', { type: 'button', class: 'tick tick-button', onclick: () => this.#showReadBy(el) })
          : h('span', { class: 'tick', role: 'img' });
      el = h('li', { class: `msg ${mine ? 'mine' : 'theirs'}`, 'data-id': m.id },
        group && !mine ? h('span', { class: 'sender' }) : null,
        messageBody(m.body),
        h('span', { class: 'meta' }, h('time'), tick));
      this.#elements.set(m.id, el);
      this.#observeIfUnread(el, m, mine);
    }
    const sender = el.querySelector('.sender');
    if (sender) sender.textContent = nameOf(this.#store, m.from);
    // This device's own messages show when they were written (the protocol carries no client time,
    // so other devices show when the server stored them); the tooltip gives both.
    const written = mine ? m.writtenAt ?? m.createdAt : undefined;
    const ts = written ?? m.ts;
    const time = el.querySelector('time');
    if (m.seq != null) el.dataset.seq = m.seq;
    time.dateTime = new Date(ts).toISOString();
    time.title = written && m.ts ? `Written ${fullTime(written)}\nSent ${fullTime(m.ts)}` : fullTime(ts);
    time.textContent = clockTime(ts);
    if (mine) this.#updateTick(el, m);
    if (mine) this.#failed.render(el, m);
    return el;
  }

  /** A membership change: a centred line, not a bubble. Read receipts count it like a message. */
  #systemElement(m) {
    const key = m.id ?? `seq ${m.seq}`;
    let el = this.#elements.get(key);
    if (!el) {
      el = h('li', { class: 'system', 'data-seq': m.seq, 'data-action': m.system.action }, h('span', { class: 'system-text' }));
      this.#elements.set(key, el);
      this.#observeIfUnread(el, m, m.from === this.#store.me.userId);
    }
    const text = describeChange(this.#store, m.system);
    const span = el.firstChild;
    if (span.textContent !== text) span.textContent = text;
    span.title = fullTime(m.ts);
    return el;
  }

  #observeIfUnread(el, m, mine) {
    if (!mine && m.seq > this.#store.conversation(this.#conv).read) {
      this.#observed.add(el);
      this.#observer.observe(el);
    }
  }

  #updateTick(el, m) {
    const status = this.#store.statusOf(m);
    if (el.dataset.status === status) return;
    el.dataset.status = status;
    const [name, label] = TICKS[status];
    const tick = el.querySelector('.tick');
    const group = tick.tagName === 'BUTTON';
    tick.disabled = group && m.seq == null;
    const said = status === Status.FAILED ? `Not sent: ${m.failed}` : group && status !== Status.PENDING ? `${GROUP_TICKS[status]}. Show who read it` : label;
    tick.setAttribute('aria-label', said);
    tick.title = said;
    // Each state has its own shape (clock, ✓, ✓✓, !), not only its own colour.
    for (const s of Object.values(Status)) tick.classList.toggle(`tick-${s}`, s === status);
    tick.replaceChildren(name ? icon(name) : h('span', { class: 'failed-mark', 'aria-hidden': 'true' }, '!'));
  }

  #onScroll() {
    if (this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < STICK_TO_BOTTOM_PX) this.#jump.hide();
    if (this.#ready && this.#log.scrollTop < LOAD_OLDER_WITHIN_PX) this.#client.loadOlder(this.#conv);
  }

  /** A short conversation that does not fill the screen cannot be scrolled: fetch older pages now. */
  #fillScreen(c) {
    if (c.historyNext && this.#log.scrollHeight <= this.#log.clientHeight) this.#client.loadOlder(this.#conv);
  }

  /** Whatever was seen while history loaded no longer counts: ask the observer for fresh reports. */
  #observeAfresh() {
    this.#visible.clear();
    for (const el of this.#observed) {
      this.#observer.unobserve(el);
      this.#observer.observe(el);
    }
  }

  #onIntersect(entries) {
    for (const entry of entries) {
      const enough = entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= (entry.rootBounds?.height ?? 0) / 2;
      if (entry.isIntersecting && enough) this.#visible.add(entry.target);
      else this.#visible.delete(entry.target);
    }
    this.#maybeRead();
  }

  /** Read receipts only for what a person can actually see: on screen, tab visible and focused. */
  #maybeRead() {
    if (!this.#ready || this.#visible.size === 0 || document.visibilityState !== 'visible' || !document.hasFocus()) return;
    if (this.#store.hasUnloadedUnread(this.#conv)) return;
    const seq = Math.max(...[...this.#visible].map((el) => Number(el.dataset.seq)));
    for (const el of this.#visible) {
      this.#observer.unobserve(el);
      this.#observed.delete(el);
    }
    this.#visible.clear();
    this.#client.markRead(this.#conv, seq);
  }

  #composer() {
    const input = h('textarea', { id: 'composer', name: 'message', rows: '1', placeholder: 'Message', autocomplete: 'off',
      oninput: () => {
        this.#limit.check();
        this.#onTyping();
      },
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          form.requestSubmit();
        }
      } });
    this.#input = input;
    this.#limit = new BodyLimit({ input, limit: () => this.#client.maxBodyBytes });
    const form = h('form', { class: 'composer', id: 'composer-form', onsubmit: (e) => {
      e.preventDefault();
      const body = input.value;
      if (!body.trim() || !this.#store.canWrite(this.#conv)) return;
      if (!this.#limit.check()) return;
      input.value = '';
      this.#markerAfter = Infinity; // replying means the unread messages were seen
      this.#stopTyping();
      this.#client.send(this.#conv, body);
    } },
      this.#limit.element,
      h('label', { for: 'composer', class: 'visually-hidden' }, 'Message'),
      input,
      h('button', { type: 'submit', class: 'primary icon-button', id: 'send', 'aria-label': 'Send' }, icon('send')));
    this.#composerForm = form;
    return form;
  }

  #onTyping() {
    clearTimeout(this.#typingIdle);
    if (!this.#input.value) return this.#stopTyping();
    if (Date.now() - this.#typingSentAt > TYPING_RESEND_MS) {
      this.#typingSentAt = Date.now();
      this.#client.sendTyping(this.#conv, true);
    }
    this.#typingIdle = setTimeout(() => this.#stopTyping(), TYPING_IDLE_MS);
  }

  #stopTyping() {
    clearTimeout(this.#typingIdle);
    if (this.#typingSentAt === 0) return;
    this.#typingSentAt = 0;
    this.#client.sendTyping(this.#conv, false);
  }
}
