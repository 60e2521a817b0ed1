// A group's members panel: the member pages (`group_info`, paged with `next`) with their roles; for
// admins the buttons that add, remove, make or dismiss admins and rename; for everyone "Leave group".
import { h, icon } from './dom.js';
import { groupError } from './grouperrors.js';
import { parseHandles } from './newgroup.js';

export class MembersPanel {
  element;
  #conv;
  #store;
  #client;
  #list = h('ul', { class: 'member-list', id: 'member-list', 'aria-labelledby': 'members-title' });
  #heading = h('h3', { id: 'members-title', tabindex: '-1' }, 'Members');
  #error = h('p', { class: 'form-error', role: 'alert', id: 'members-error' });
  #more;
  #adminForms;
  #renameInput = h('input', { id: 'rename-input', name: 'title', autocomplete: 'off', required: true, maxlength: '100' });
  #addInput = h('input', { id: 'add-members-input', name: 'handles', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', placeholder: 'dave, erin' });
  #leave;
  #gone = h('p', { class: 'muted', id: 'members-gone' }, 'You are no longer a member of this group.');
  #busy = false;

  constructor({ conv, store, client, onClose }) {
    this.#conv = conv;
    this.#store = store;
    this.#client = client;
    this.#more = h('button', { type: 'button', id: 'members-more', onclick: () => this.#act(() => client.loadMembers(conv, true)) }, 'Show more members');
    this.#leave = h('button', { type: 'button', id: 'leave-group', class: 'danger', onclick: () => this.#act(() => client.leaveGroup(conv)) }, 'Leave group');
    this.#adminForms = h('div', { class: 'admin-forms' },
      h('form', { class: 'panel-form', id: 'add-members-form', onsubmit: (e) => {
        e.preventDefault();
        const handles = parseHandles(this.#addInput.value);
        if (handles.length) this.#act(() => client.addMembers(conv, handles), () => { this.#addInput.value = ''; });
      } },
        h('label', { for: 'add-members-input' }, 'Add members'),
        h('div', { class: 'row' }, this.#addInput, h('button', { type: 'submit', class: 'primary', id: 'add-members' }, 'Add'))),
      h('form', { class: 'panel-form', id: 'rename-form', onsubmit: (e) => {
        e.preventDefault();
        const title = this.#renameInput.value.trim();
        if (title) this.#act(() => client.renameGroup(conv, title));
      } },
        h('label', { for: 'rename-input' }, 'Group title'),
        h('div', { class: 'row' }, this.#renameInput, h('button', { type: 'submit', id: 'rename' }, 'Rename'))));
    this.element = h('aside', { class: 'side-panel', id: 'members-panel', 'aria-labelledby': 'members-title' },
      h('header', { class: 'panel-header' }, this.#heading,
        h('button', { type: 'button', class: 'icon-button', id: 'members-close', 'aria-label': 'Close members', onclick: onClose }, icon('close'))),
      this.#error, this.#gone, this.#list, this.#more, this.#adminForms, this.#leave);
    this.#renameInput.value = store.conversation(conv).group?.title ?? '';
    this.render();
    if (store.canWrite(conv)) this.#act(() => client.loadMembers(conv));
  }

  focus() {
    this.#heading.focus();
  }

  render() {
    const c = this.#store.conversation(this.#conv);
    const member = this.#store.canWrite(this.#conv);
    const loaded = this.#store.membersOf(this.#conv);
    const admin = member && this.#store.isAdmin(this.#conv) === true;
    this.#heading.textContent = c.group?.size ? `Members (${c.group.size})` : 'Members';
    this.#gone.hidden = member;
    this.#leave.hidden = !member;
    this.#adminForms.hidden = !admin;
    this.#more.hidden = !member || !loaded?.next;
    const focused = document.activeElement?.closest?.('.member-list button');
    const focusKey = focused && `${focused.dataset.action} ${focused.dataset.user}`;
    const rows = member && loaded ? loaded.members.map((m) => this.#row(m, admin)) : [];
    this.#list.replaceChildren(...rows);
    if (focusKey) {
      const [action, user] = focusKey.split(' ');
      this.#list.querySelector(`button[data-action="${action}"][data-user="${CSS.escape(user)}"]`)?.focus();
    }
  }

  #row(m, admin) {
    const me = m.user === this.#store.me.userId;
    const handle = m.handle ?? m.user;
    const actions = admin && !me ? [
      m.role === 'admin'
        ? this.#button('dismiss', m, `Dismiss ${handle} as admin`, 'Dismiss admin', () => this.#client.setAdmin(this.#conv, m.user, false))
        : this.#button('promote', m, `Make ${handle} an admin`, 'Make admin', () => this.#client.setAdmin(this.#conv, m.user, true)),
      this.#button('remove', m, `Remove ${handle}`, 'Remove', () => this.#client.removeMember(this.#conv, m.user)),
    ] : [];
    return h('li', { class: 'member', 'data-user': m.user, 'data-handle': handle, 'data-role': m.role },
      h('span', { class: 'member-name' }, handle, me ? h('span', { class: 'muted' }, ' (you)') : null),
      m.role === 'admin' ? h('span', { class: 'role' }, 'admin') : null,
      actions.length ? h('span', { class: 'member-actions' }, actions) : null);
  }

  #button(action, m, label, text, run) {
    return h('button', { type: 'button', class: `small ${action}`, 'data-action': action, 'data-user': m.user, 'aria-label': label,
      onclick: () => this.#act(run) }, text);
  }

  /** Runs a request, one at a time; its error shows above the list. */
  async #act(run, done) {
    if (this.#busy) return;
    this.#busy = true;
    this.#error.textContent = '';
    try {
      await run();
      done?.();
    } catch (err) {
      this.#error.textContent = groupError(err);
    } finally {
      this.#busy = false;
      this.render();
    }
  }
}
