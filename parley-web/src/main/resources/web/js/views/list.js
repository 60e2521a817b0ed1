// The conversation list: most recent activity first, with the last message, unread count and presence
// dot, plus the form that starts a chat with a handle (`open`).
import { listTime } from '../format.js';
import { avatar, h, icon } from './dom.js';

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
    this.element = h('nav', { class: 'list-pane', 'aria-label': 'Chats' }, this.#startForm(), this.#empty, this.#items);
  }

  select(conv) {
    this.#selected = conv;
    this.render();
  }

  render() {
    const rows = this.#store.sortedConversations().map((c) => this.#row(c));
    this.#empty.hidden = rows.length > 0;
    // Keep keyboard focus on the same conversation across re-renders.
    const focusedConv = document.activeElement?.closest?.('.conv')?.dataset.conv;
    this.#items.replaceChildren(...rows);
    if (focusedConv) this.#items.querySelector(`[data-conv="${CSS.escape(focusedConv)}"]`)?.focus();
  }

  #row(c) {
    const me = this.#store.me.userId;
    const handle = c.peer?.handle ?? '…';
    const online = this.#store.presence.get(c.peer?.userId)?.online;
    const pending = this.#store.pendingOf(c.conv).at(-1);
    const last = pending ?? c.last;
    const typing = this.#store.isTyping(c.conv);
    const preview = typing ? 'typing…' : last ? `${last.from === me || pending ? 'You: ' : ''}${last.body}` : 'No messages yet';
    const unread = c.unread > 0 ? h('span', { class: 'badge', 'aria-label': `${c.unread} unread` }, String(c.unread)) : null;
    const label = [handle, online ? 'online' : null, c.unread ? `${c.unread} unread` : null, preview].filter(Boolean).join(', ');
    return h('li', {},
      h('button', { type: 'button', class: 'conv', 'data-conv': c.conv, 'data-handle': handle, 'aria-label': label,
        'aria-current': this.#selected === c.conv ? 'true' : null, onclick: () => this.#onSelect(c.conv) },
        avatar(handle, online),
        h('span', { class: 'conv-text' },
          h('span', { class: 'conv-top' }, h('span', { class: 'conv-name' }, handle),
            h('span', { class: 'conv-time' }, listTime(last?.ts ?? last?.createdAt))),
          h('span', { class: 'conv-bottom' },
            pending && !typing ? icon('clock') : null,
            h('span', { class: 'conv-preview' }, preview), unread))));
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
