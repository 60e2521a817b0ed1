// Telling the person about new messages when they are not looking: the unread count in the tab's
// title ("(3) Parley"), and, once they allowed it, a desktop notification per conversation while the
// tab is hidden. Pressing a notification brings the tab forward and opens that chat.
import { tabTitle } from '../format.js';
import { h } from './dom.js';
import { nameOf } from './names.js';

export class NewMessageAlerts {
  /** The "Turn on desktop notifications" button, shown while the browser has not been told yet. */
  element;
  #store;
  #onOpen;
  /** conv → the newest seq already announced (or already there when the app started) */
  #announced = new Map();
  /** conv → the Notification on screen for it */
  #shown = new Map();
  #stopped = false;

  /** onOpen(conv): shows that conversation. */
  constructor({ store, onOpen }) {
    this.#store = store;
    this.#onOpen = onOpen;
    for (const c of store.convs.values()) this.#announced.set(c.conv, c.last?.seq ?? 0);
    this.element = h('button', { type: 'button', class: 'small enable-notifications', id: 'enable-notifications',
      hidden: permission() !== 'default', onclick: () => this.#ask() }, 'Turn on desktop notifications');
  }

  /** Called with the conversations that changed. */
  update(changed) {
    if (this.#stopped) return;
    const unread = [...this.#store.convs.values()].reduce((sum, c) => sum + c.unread, 0);
    const title = tabTitle(unread);
    if (document.title !== title) document.title = title;
    for (const conv of changed) this.#consider(conv);
  }

  /** Logged out: no more title counts, and nothing about this user's chats stays on the desktop. */
  stop() {
    this.#stopped = true;
    document.title = tabTitle(0);
    for (const note of this.#shown.values()) note.close();
    this.#shown.clear();
  }

  async #ask() {
    try {
      await window.Notification.requestPermission();
    } finally {
      this.element.hidden = permission() !== 'default';
    }
  }

  #consider(conv) {
    const c = this.#store.convs.get(conv);
    if (!c) return;
    if (c.unread === 0) {
      // Read here or on another device: its notification is old news.
      this.#shown.get(conv)?.close();
      this.#shown.delete(conv);
    }
    const last = c.last;
    if (!last || last.seq <= (this.#announced.get(conv) ?? 0)) return;
    this.#announced.set(conv, last.seq);
    const theirs = last.from !== this.#store.me.userId && !last.system && last.seq > c.read;
    if (!theirs || document.visibilityState !== 'hidden' || permission() !== 'granted') return;
    const sender = nameOf(this.#store, last.from);
    // One per conversation: the tag makes a newer message replace the older one's notification.
    const title = c.group ? `${sender} in ${c.group.title ?? 'a group'}` : c.peer?.handle ?? sender;
    const note = new window.Notification(title, { body: last.body, tag: conv, dir: 'auto' });
    note.onclick = () => {
      window.focus();
      this.#onOpen(conv);
      note.close();
    };
    this.#shown.set(conv, note);
  }
}

/** 'granted', 'denied' or 'default'; 'denied' where the browser has no Notification API. */
function permission() {
  return 'Notification' in window ? window.Notification.permission : 'denied';
}
