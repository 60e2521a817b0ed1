// The connection banner: says when the app is offline and when it will try again. The first sentence
// says it all; the detail that follows is left out on narrow screens (CSS), where the banner stays one
// short line instead of taking a good part of a phone's screen.
import { h } from './dom.js';

const ENDED = {
  replaced: 'This device opened a newer session elsewhere. Reload the page to use it here.',
  stopped: 'Disconnected.',
};

export class ConnectionBanner {
  #element;
  #connection;
  #text = h('span', { id: 'banner-text' });
  #detail = h('span', { class: 'banner-detail' });
  #retry;
  #countdown = 0;

  constructor(element, connection) {
    this.#element = element;
    this.#connection = connection;
    this.#retry = h('button', { type: 'button', id: 'retry', onclick: () => connection.retryNow() }, 'Retry now');
    element.replaceChildren(h('span', { class: 'banner-message' }, this.#text, this.#detail), this.#retry);
    connection.on('state', () => this.render());
    connection.on('ended', (reason) => this.render(ENDED[reason]));
  }

  render(endedText) {
    clearInterval(this.#countdown);
    const { state, attempt } = this.#connection;
    // The first connection attempt is not news; a lost connection is.
    const show = state === 'offline' || (state === 'connecting' && attempt > 0) || (state === 'ended' && endedText);
    this.#element.hidden = !show;
    document.body.classList.toggle('offline', !!show);
    this.#retry.hidden = state !== 'offline';
    this.#detail.textContent = state === 'offline' ? ' Messages you write are kept and sent when the connection is back.' : '';
    if (state === 'offline') {
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((this.#connection.retryAt - Date.now()) / 1000));
        this.#text.textContent = `You are offline. Retrying in ${seconds} s.`;
      };
      tick();
      this.#countdown = setInterval(tick, 1000);
    } else if (state === 'connecting') {
      this.#text.textContent = 'You are offline. Connecting…';
    } else if (endedText) {
      this.#text.textContent = endedText;
    }
  }

  hide() {
    clearInterval(this.#countdown);
    this.#element.hidden = true;
    document.body.classList.remove('offline');
  }
}
