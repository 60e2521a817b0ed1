// The composer's length check. The server limits a message body in UTF-8 bytes (`welcome`
// limits.maxBodyBytes, docs/protocol.md "Limits"), not in characters: 9,000 "Ж" are 18,000 bytes. So
// the composer counts bytes, and holds an over-long message back with a note that a screen reader
// announces, rather than letting the server refuse it.
import { h } from './dom.js';

const encoder = new TextEncoder();
const number = new Intl.NumberFormat('en');

/** The length of a text in UTF-8 bytes, as the server counts it. */
export function utf8Bytes(text) {
  return encoder.encode(text).length;
}

export class BodyLimit {
  /** The note under the composer: a live sentence, then the counts (not live: they change per key). */
  element;
  #input;
  #limit;
  #said = h('span', { 'aria-live': 'polite' });
  #counts = h('span');

  /** `limit()` says the current limit in bytes. */
  constructor({ input, limit }) {
    this.#input = input;
    this.#limit = limit;
    this.element = h('p', { class: 'composer-limit', id: 'composer-limit' }, this.#said, this.#counts);
  }

  /** Updates the note and the send button; true when the text fits. */
  check() {
    const text = this.#input.value;
    const limit = this.#limit();
    // A UTF-16 code unit is at most 3 bytes of UTF-8: most texts need no encoding to be known short.
    const bytes = text.length * 3 <= limit ? 0 : utf8Bytes(text);
    const over = bytes > limit;
    const said = over ? 'Too long to send.' : '';
    if (this.#said.textContent !== said) this.#said.textContent = said;
    this.#counts.textContent = over
      ? ` It is ${number.format(bytes)} bytes and the limit is ${number.format(limit)}: shorten it by ${number.format(bytes - limit)} bytes (letters beyond A–Z take 2 to 4 bytes each).`
      : '';
    if (over) {
      this.#input.setAttribute('aria-invalid', 'true');
      this.#input.setAttribute('aria-describedby', this.element.id);
    } else {
      this.#input.removeAttribute('aria-invalid');
      this.#input.removeAttribute('aria-describedby');
    }
    const send = this.#input.form?.querySelector('[type=submit]');
    if (send) send.disabled = over;
    return !over;
  }
}
