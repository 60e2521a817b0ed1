// The logged-in app: wires the device database, the store, the tab link (the connection shared by the
// browser's tabs) and the views together.
import { ChatClient } from './client.js';
import { DeviceDb } from './db.js';
import { revokeDevice } from './http.js';
import { loadOpenConv, saveOpenConv } from './session.js';
import { ChatStore } from './store.js';
import { TabLink } from './tabs.js';
import { ConnectionBanner } from './views/banner.js';
import { ChatView } from './views/chat.js';
import { h } from './views/dom.js';
import { ConversationList } from './views/list.js';
import { NewMessageAlerts } from './views/notify.js';

function socketUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`;
}

/**
 * Starts the app for a session; onLoggedOut(message) is called when this device stops being logged in.
 * Resolves to {leave(message)}: another tab signed out, this one follows (no second revoke).
 */
export async function startApp(root, session, { tabs, leadership, onLoggedOut }) {
  DeviceDb.removeStale(session.deviceId).catch(() => {});
  const db = await DeviceDb.open(session.deviceId);
  const store = new ChatStore(session);
  const connection = new TabLink({ tabs, leadership, url: socketUrl(), token: session.token });
  const client = new ChatClient({ session, db, store, connection });
  await client.restore();

  const placeholder = h('div', { class: 'chat-placeholder' }, h('p', {}, 'Pick a conversation, or start one with a handle.'));
  const chatSlot = h('div', { class: 'chat-slot' }, placeholder);
  let chat = null;

  const select = (conv) => {
    chat?.destroy();
    chat = conv ? new ChatView({ conv, store, client, onBack: () => select(null) }) : null;
    chatSlot.replaceChildren(chat ? chat.element : placeholder);
    layout.classList.toggle('chat-open', !!chat);
    list.select(conv);
    saveOpenConv(conv);
    chat?.focusComposer();
  };
  const list = new ConversationList({ store, client, onSelect: select });
  const alerts = new NewMessageAlerts({ store, onOpen: (conv) => select(conv) });

  const logOutError = h('p', { class: 'form-error', role: 'alert' });
  const logOut = async () => {
    try {
      await revokeDevice(session.token, session.deviceId);
    } catch (e) {
      if (e.status !== 401) {
        logOutError.textContent = 'Log out needs the server: try again when you are online.';
        return;
      }
    }
    tabs.post('signed-out', { deviceId: session.deviceId });
    await leave();
  };
  // Every tab closes the database (DeviceDb also lets go when another tab deletes it); the deletion
  // goes through once none has it open.
  let left = false;
  const leave = async (message) => {
    if (left) return;
    left = true;
    connection.stop();
    banner.hide();
    alerts.stop();
    chat?.destroy();
    db.close();
    onLoggedOut(message);
    await DeviceDb.remove(session.deviceId);
  };

  const layout = h('div', { class: 'layout' },
    h('div', { class: 'sidebar' },
      h('header', { class: 'me' },
        h('span', { class: 'me-name' }, h('span', { class: 'muted' }, 'Signed in as '), h('strong', { id: 'me' }, session.handle)),
        h('button', { type: 'button', id: 'logout', onclick: logOut }, 'Log out')),
      logOutError,
      list.element,
      alerts.element),
    chatSlot);
  root.replaceChildren(layout);

  const banner = new ConnectionBanner(document.getElementById('banner'), connection);
  store.on('change', (changed) => {
    list.render();
    alerts.update(changed);
    if (chat && (changed.has(chat.conv) || changed.size > 1)) chat.render();
  });
  connection.on('state', (state) => state === 'offline' && store.forgetPresence());
  connection.on('ended', (reason) => {
    if (reason === 'logged_out') leave('This device was logged out. Log in again.');
  });

  list.render();
  alerts.update(new Set());
  const open = loadOpenConv();
  if (open && store.convs.has(open)) select(open);
  connection.start();
  return { leave };
}
