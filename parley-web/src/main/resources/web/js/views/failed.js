// A message the server refused for good, in the chat: why, and what the person can do about it —
// Retry (where sending it again can succeed), Edit (its text back in the composer) and Delete. It
// keeps its place in the conversation and survives a reload (the outbox keeps it, see outbox.js).
import { h } from './dom.js';
import { utf8Bytes } from './bodylimit.js';

/** Refusals that sending the same message again cannot overcome. */
const HOPELESS = new Set(['body_empty', 'invalid_frame', 'frame_too_large', 'unknown_conversation']);

export class FailedMessages {
  #conv;
  #store;
  #client;
  #input;

  /** `input` is the composer, where Edit puts the text back. */
  constructor({ conv, store, client, input }) {
    this.#conv = conv;
    this.#store = store;
    this.#client = client;
    this.#input = input;
  }

  /** Adds, updates or (once it is pending again) removes the failure line of a message element. */
  render(el, m) {
    let box = el.querySelector(':scope > .failure');
    if (!m.failed) {
      box?.remove();
      return;
    }
    const retry = this.#canRetry(m);
    const edit = this.#store.canWrite(this.#conv);
    const text = this.#reason(m);
    const key = `${text}|${retry}|${edit}`;
    if (box?.dataset.key === key) return;
    const textId = `failure-${m.id}`;
    const button = (label, onclick, extra) => h('button', { type: 'button', class: `small ${extra ?? ''}`, 'aria-describedby': textId, onclick }, label);
    const fresh = h('div', { class: 'failure', 'data-key': key },
      h('p', { class: 'failure-text', id: textId }, text),
      h('div', { class: 'failure-actions' },
        retry ? button('Retry', () => this.#retry(m), 'failure-retry') : null,
        edit ? button('Edit', () => this.#edit(m), 'failure-edit') : null,
        button('Delete', () => this.#delete(m), 'failure-delete danger')));
    if (box) box.replaceWith(fresh);
    else el.append(fresh);
  }

  #canRetry(m) {
    if (!this.#store.canWrite(this.#conv) || HOPELESS.has(m.failedCode)) return false;
    // Too long then; the server's limit may have grown since (its `welcome` says).
    if (m.failedCode === 'body_too_long') return utf8Bytes(m.body) <= this.#client.maxBodyBytes;
    return true;
  }

  #reason(m) {
    const group = !!this.#store.conversation(this.#conv).group;
    switch (m.failedCode) {
      case 'body_too_long':
        return `Not sent: the message is too long (${utf8Bytes(m.body).toLocaleString('en')} bytes; the server takes ${this.#client.maxBodyBytes.toLocaleString('en')}).`;
      case 'forbidden':
        return group ? 'Not sent: you were not a member of this group.' : 'Not sent: this conversation is not open to you.';
      default:
        return `Not sent: ${m.failed}`;
    }
  }

  /** The pressed button goes away with the failure: focus goes to the composer, or the messages. */
  #refocus() {
    if (!this.#input.disabled && this.#input.offsetParent) this.#input.focus();
    else document.getElementById('messages')?.focus();
  }

  async #retry(m) {
    this.#refocus();
    await this.#client.retry(this.#conv, m.id);
  }

  async #edit(m) {
    const draft = this.#input.value;
    this.#input.value = draft ? `${draft}\n${m.body}` : m.body;
    this.#input.dispatchEvent(new Event('input', { bubbles: true }));
    this.#input.focus();
    await this.#client.discard(this.#conv, m.id);
  }

  async #delete(m) {
    this.#refocus();
    await this.#client.discard(this.#conv, m.id);
  }
}
