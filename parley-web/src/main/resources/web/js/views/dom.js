// Builds DOM from data without ever parsing it as HTML: strings become text nodes (textContent).

/** h('p', {class: 'x', text: body, onclick: fn, 'aria-label': '…'}, child, …) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child != null && child !== false) el.append(child);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  clock: ['M8 2.2a5.8 5.8 0 1 0 0 11.6A5.8 5.8 0 0 0 8 2.2z', 'M8 4.8V8l2.2 1.4'],
  alert: ['M8 2.2a5.8 5.8 0 1 0 0 11.6A5.8 5.8 0 0 0 8 2.2z', 'M8 4.8v3.8', 'M8 11v0.2'],
  check: ['M3 8.6l3 3 7-7'],
  checks: ['M0.8 8.6l3 3 7-7', 'M7.2 11l0.6 0.6 7-7'],
  back: ['M10 3L5 8l5 5'],
  down: ['M3 6l5 5 5-5'],
  send: ['M2 13.5L14.5 8 2 2.5l1.6 4.6L10 8l-6.4 0.9z'],
  group: ['M6 7.2a2.3 2.3 0 1 0 0-4.6 2.3 2.3 0 0 0 0 4.6z', 'M1.6 13.4c0.4-2.6 2.2-4 4.4-4s4 1.4 4.4 4',
    'M10.8 7a2 2 0 1 0 0-4', 'M12 9.6c1.4 0.5 2.2 1.8 2.4 3.8'],
  close: ['M3.5 3.5l9 9', 'M12.5 3.5l-9 9'],
};

/** A small stroked icon, hidden from screen readers (its meaning goes in an aria-label nearby). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon', `icon-${name}`);
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** A round badge with the first letter of a handle. */
export function avatar(handle, online) {
  return h('span', { class: 'avatar', 'aria-hidden': 'true' }, (handle || '?').charAt(0).toUpperCase(),
    online ? h('span', { class: 'dot' }) : null);
}

/** A group's round badge: the people icon instead of a letter. */
export function groupAvatar() {
  return h('span', { class: 'avatar group-avatar', 'aria-hidden': 'true' }, icon('group'));
}
