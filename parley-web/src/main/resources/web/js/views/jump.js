// "Jump to latest": when messages arrive while the person has scrolled up to read older ones, the
// chat stays where they are and this button counts what came in; pressing it goes to the bottom.
import { h, icon } from './dom.js';

export class JumpToLatest {
  element;
  #count = 0;
  #badge = h('span', { class: 'jump-count', id: 'jump-count' });

  /** onJump: scrolls the message list to its end. */
  constructor(onJump) {
    this.element = h('button', { type: 'button', class: 'jump-latest icon-button', id: 'jump-latest', hidden: true,
      onclick: () => {
        this.hide();
        onJump();
      } }, icon('down'), this.#badge);
  }

  /** `n` more messages arrived below what is on screen. */
  add(n) {
    this.#count += n;
    this.#badge.textContent = String(this.#count);
    this.element.setAttribute('aria-label', `${this.#count} new message${this.#count === 1 ? '' : 's'}, jump to latest`);
    this.element.hidden = false;
  }

  /** The person is at the bottom again: nothing left to announce. */
  hide() {
    this.#count = 0;
    this.element.hidden = true;
  }
}
