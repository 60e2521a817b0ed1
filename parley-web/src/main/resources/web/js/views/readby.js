// "Message info" for this user's message in a group: who has read it and who has only received it
// (`read_by` with kind read and delivered, each paged with `next`). Read again whenever the message's
// ticks move, so the lists follow the `group_receipt` events.
import { h, icon } from './dom.js';
import { groupError } from './grouperrors.js';

const KINDS = [['read', 'Read by'], ['delivered', 'Delivered to']];

export class ReadByPanel {
  element;
  #conv;
  #message;
  #store;
  #client;
  #heading = h('h3', { id: 'read-by-title', tabindex: '-1' }, 'Message info');
  #error = h('p', { class: 'form-error', role: 'alert', id: 'read-by-error' });
  /** kind → {users: [{userId, handle}], next, list, more} */
  #sections = new Map();
  #status = null;
  #generation = 0;

  constructor({ conv, message, store, client, onClose }) {
    this.#conv = conv;
    this.#message = message;
    this.#store = store;
    this.#client = client;
    const sections = KINDS.map(([kind, title]) => {
      const list = h('ul', { class: 'reader-list', id: `${kind === 'read' ? 'read-by' : 'delivered-to'}-list`, 'aria-labelledby': `${kind}-heading` });
      const more = h('button', { type: 'button', class: 'small', hidden: true, onclick: () => this.#load(kind, true) }, 'Show more');
      this.#sections.set(kind, { users: [], next: null, list, more });
      return h('section', { class: 'readers' }, h('h4', { id: `${kind}-heading` }, title), list, more);
    });
    this.element = h('aside', { class: 'side-panel', id: 'read-by-panel', 'aria-labelledby': 'read-by-title' },
      h('header', { class: 'panel-header' }, this.#heading,
        h('button', { type: 'button', class: 'icon-button', id: 'read-by-close', 'aria-label': 'Close message info', onclick: onClose }, icon('close'))),
      h('blockquote', { class: 'quoted', dir: 'auto', text: message.body }),
      this.#error, ...sections);
    this.render();
  }

  focus() {
    this.#heading.focus();
  }

  render() {
    const status = this.#store.statusOf(this.#message);
    if (status === this.#status) return;
    this.#status = status;
    this.#generation++;
    for (const [kind] of KINDS) this.#load(kind, false);
  }

  async #load(kind, more) {
    const section = this.#sections.get(kind);
    const generation = this.#generation;
    try {
      const page = await this.#client.readBy(this.#conv, this.#message.seq, kind, more ? section.next : undefined);
      if (generation !== this.#generation) return; // the ticks moved meanwhile: a newer load is on its way
      section.users = more ? section.users.concat(page.users) : page.users;
      section.next = page.next;
      this.#error.textContent = '';
      this.#show();
    } catch (err) {
      this.#error.textContent = groupError(err);
    }
  }

  #show() {
    const readers = new Set(this.#sections.get('read').users.map((u) => u.userId));
    for (const [kind, section] of this.#sections) {
      // "Delivered to" lists who received it but has not read it yet.
      const users = kind === 'read' ? section.users : section.users.filter((u) => !readers.has(u.userId));
      section.list.replaceChildren(...(users.length
        ? users.map((u) => h('li', { 'data-user': u.userId }, u.handle ?? u.userId))
        : [h('li', { class: 'muted none' }, 'Nobody yet')]));
      section.more.hidden = !section.next;
    }
  }
}
