// The "New group" form of the conversation list: a title and the members' handles (`create_group`).
// The request's idempotency key is kept while a try may have reached the server (the connection
// dropped before the answer): pressing Create again then resends the same key, and the server answers
// with the group it already made instead of making a second one.
import { h } from './dom.js';
import { groupError } from './grouperrors.js';

/** Errors after which the group may exist after all: the next try must reuse the key. */
const UNSURE = new Set(['offline', 'overloaded', 'internal']);

/** Handles separated by commas, spaces or new lines, lower-cased, without "@" and repeats. */
export function parseHandles(text) {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.replace(/^@/, '').toLowerCase()).filter(Boolean))];
}

export class NewGroupForm {
  element;
  #client;
  #onCreated;
  #toggle;
  #form;
  #title = h('input', { id: 'group-title', name: 'title', autocomplete: 'off', required: true, maxlength: '100' });
  #members = h('input', { id: 'group-members', name: 'members', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    placeholder: 'bob, carol', 'aria-describedby': 'group-members-hint' });
  #create = h('button', { type: 'submit', class: 'primary', id: 'group-create' }, 'Create');
  #error = h('p', { class: 'form-error', role: 'alert', id: 'new-group-error' });
  #key = null;

  constructor({ client, onCreated }) {
    this.#client = client;
    this.#onCreated = onCreated;
    this.#toggle = h('button', { type: 'button', id: 'new-group', 'aria-expanded': 'false', 'aria-controls': 'new-group-form',
      onclick: () => this.#show(this.#form.hidden) }, 'New group');
    this.#form = h('form', { class: 'new-group-form', id: 'new-group-form', hidden: true, 'aria-label': 'New group',
      onsubmit: (e) => { e.preventDefault(); this.#submit(); } },
      h('label', { for: 'group-title' }, 'Group title'), this.#title,
      h('label', { for: 'group-members' }, 'Members'), this.#members,
      h('p', { class: 'hint muted', id: 'group-members-hint' }, 'Handles, separated by commas or spaces.'),
      this.#error,
      h('div', { class: 'row' }, this.#create,
        h('button', { type: 'button', id: 'group-cancel', onclick: () => this.#show(false) }, 'Cancel')));
    this.element = h('div', { class: 'new-group' }, this.#toggle, this.#form);
  }

  #show(open) {
    this.#form.hidden = !open;
    this.#toggle.setAttribute('aria-expanded', String(open));
    if (open) this.#title.focus();
    else this.#error.textContent = '';
  }

  async #submit() {
    if (this.#create.disabled) return; // a double click creates one group
    const title = this.#title.value.trim();
    if (!title) {
      this.#error.textContent = 'Give the group a title.';
      return;
    }
    this.#key ??= crypto.randomUUID();
    this.#error.textContent = '';
    this.#create.disabled = true;
    try {
      const conv = await this.#client.createGroup(this.#key, title, parseHandles(this.#members.value));
      this.#key = null;
      this.#title.value = this.#members.value = '';
      this.#show(false);
      this.#onCreated(conv);
    } catch (err) {
      const code = err.code ?? err.message;
      if (!UNSURE.has(code)) this.#key = null; // refused: nothing was created
      this.#error.textContent = `${groupError(err)}${UNSURE.has(code) ? ' Press Create again: it will not make the group twice.' : ' No group was created.'}`;
    } finally {
      this.#create.disabled = false;
    }
  }
}
