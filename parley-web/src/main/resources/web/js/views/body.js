// A message's text as a bubble shows it: http(s) links made clickable, the direction of the text
// taken from the text itself (dir="auto", for Arabic and Hebrew), and a long message folded to its
// first lines behind "Read more". The body stays text: links are built as elements around text
// nodes, never parsed from markup.
import { isLong, linkParts } from '../format.js';
import { h } from './dom.js';

/** The body paragraph, followed by a "Read more" button when the message is long. */
export function messageBody(body) {
  const text = h('p', { class: 'body', dir: 'auto' },
    linkParts(body).map((part) => (part.href
      ? h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer nofollow', text: part.text })
      : part.text)));
  if (!isLong(body)) return [text];
  // Folded by CSS (the full text stays in the DOM, so screen readers and find-in-page get all of it).
  text.classList.add('folded');
  text.tabIndex = -1;
  const more = h('button', { type: 'button', class: 'read-more', 'aria-expanded': 'false', onclick: () => {
    text.classList.remove('folded');
    more.remove();
    text.focus({ preventScroll: true });
  } }, 'Read more');
  return [text, more];
}
