// The conversation list: 1:1 chats and groups, most recent activity first, with the last message,
// unread count and presence dot, plus the forms that start a chat with a handle (`open`) and a group.
import { listTime } from '../format.js';
import { avatar, groupAvatar, h, icon } from './dom.js';
import { describeChange, mentioned, nameOf, typingText } from './names.js';
import { NewGroupForm } from './newgroup.js';

const OPEN_ERRORS = {
  unknown_user: 'Nobody has that handle.',
  self_conversation: 'That is you. Pick someone else.',
  offline: 'You are offline: try again when the connection is back.',
};

export class ConversationList {
  element;
  #store;
  #client;
  #onSelect;
  #items = h('ul', { class: 'conv-list', id: 'conversations', 'aria-label': 'Conversations' });
  #empty = h('p', { class: 'muted empty' }, 'No conversations yet. Start one with a handle above.');
  #selected = null;

  constructor({ store, client, onSelect }) {
    this.#store = store;
    this.#client = client;
    this.#onSelect = onSelect;
    const newGroup = new NewGroupForm({ client, onCreated: (conv) => this.#onSelect(conv) });
    this.element = h('nav', { class: 'list-pane', 'aria-label': 'Chats' }, this.#startForm(), newGroup.element, this.#empty, this.#items);
  }

  select(conv) {
    this.#selected = conv;
    this.render();
  }

  render() {
    const convs = this.#store.sortedConversations();
    const rows = convs.map((c) => this.#row(c));
    this.#nameUnknown(convs);
    this.#empty.hidden = rows.length > 0;
    // Keep keyboard focus on the same conversation across re-renders.
    const focusedConv = document.activeElement?.closest?.('.conv')?.dataset.conv;
    this.#items.replaceChildren(...rows);
    if (focusedConv) this.#items.querySelector(`[data-conv="${CSS.escape(focusedConv)}"]`)?.focus();
  }

  #row(c) {
    const me = this.#store.me.userId;
    const group = !!c.group;
    const name = group ? c.group.title ?? 'Group' : c.peer?.handle ?? '…';
    const online = !group && this.#store.presence.get(c.peer?.userId)?.online;
    // A message refused for good outweighs the rest: the preview says it was not sent, until the
    // person retries or deletes it.
    const waiting = this.#store.pendingOf(c.conv);
    const failed = waiting.filter((p) => p.failed).at(-1);
    const pending = failed ?? waiting.at(-1);
    const last = pending ?? c.last;
    const typers = this.#store.typersOf(c.conv);
    const typing = typers.length > 0;
    const preview = typing ? (group ? typingText(this.#store, typers) : 'typing…') : this.#preview(c, last, pending);
    const unread = c.unread > 0 ? h('span', { class: 'badge', 'aria-label': `${c.unread} unread` }, String(c.unread)) : null;
    const label = [group ? `Group ${name}` : name, online ? 'online' : null, c.unread ? `${c.unread} unread` : null, preview].filter(Boolean).join(', ');
    return h('li', {},
      h('button', { type: 'button', class: 'conv', 'data-conv': c.conv, 'data-handle': group ? null : name, 'data-title': group ? name : null,
        'data-group': group ? 'true' : null, 'aria-label': label,
        'aria-current': this.#selected === c.conv ? 'true' : null, onclick: () => this.#onSelect(c.conv) },
        group ? groupAvatar() : avatar(name, online),
        h('span', { class: 'conv-text' },
          h('span', { class: 'conv-top' }, h('span', { class: 'conv-name' }, name),
            h('span', { class: 'conv-time' }, listTime(last?.ts ?? last?.createdAt))),
          h('span', { class: 'conv-bottom' },
            pending && !typing ? icon(failed ? 'alert' : 'clock') : null,
            h('span', { class: 'conv-preview', dir: 'auto' }, preview), unread))));
  }

  /** Asks for the handles a group's preview needs and this device lacks (someone who left, say). */
  #nameUnknown(convs) {
    for (const c of convs) {
      if (!c.group || !c.last) continue;
      const ids = (c.last.system ? mentioned(c.last.system) : [c.last.from]).filter((u) => !this.#store.handleOf(u));
      if (ids.length > 0) this.#client.resolveNames(c.conv, ids, { memberPages: false });
    }
  }

  /** "You: hi" for this user's messages; in a group "bob: hi" for others' and a sentence for changes. */
  #preview(c, last, pending) {
    if (!last) return 'No messages yet';
    if (last.system) return describeChange(this.#store, last.system);
    if (pending?.failed) return `Not sent: ${last.body}`;
    if (pending || last.from === this.#store.me.userId) return `You: ${last.body}`;
    return c.group ? `${nameOf(this.#store, last.from)}: ${last.body}` : last.body;
  }

  #startForm() {
    const input = h('input', { id: 'new-chat', name: 'handle', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', placeholder: 'handle', required: true });
    const error = h('p', { class: 'form-error', role: 'alert', id: 'new-chat-error' });
    const form = h('form', { class: 'new-chat', onsubmit: async (e) => {
      e.preventDefault();
      const handle = input.value.trim().toLowerCase();
      if (!handle) return;
      error.textContent = '';
      try {
        const conv = await this.#client.start(handle);
        input.value = '';
        this.#onSelect(conv);
      } catch (err) {
        error.textContent = OPEN_ERRORS[err.code ?? err.message] ?? err.message;
      }
    } },
      h('label', { for: 'new-chat' }, 'Start a chat with'),
      h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary', id: 'new-chat-go' }, 'Chat')),
      error);
    return form;
  }
}
