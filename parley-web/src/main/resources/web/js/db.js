// The device's local store in IndexedDB, one database per device ("parley.<deviceId>"). Every tab of
// the browser opens it (they are one device, see tabs.js); only the leader's ChatClient writes what the
// feed brings. A database of any other name "parley.*" belongs to a session that is over (signed out
// elsewhere, a browser-session log-in after the browser closed) and is deleted (removeStale).
// Object stores:
//   meta      key → value            ("cursor": the feed cursor, stored after each feed frame;
//                                     "handles": {userId: handle} of group members seen;
//                                     "limits": the last `welcome`'s limits)
//   outbox    autoIncrement key → {id, conv, body, createdAt, failed?, failedCode?, afterSeq?}
//                                    (messages not yet acknowledged by `sent`; `failed`: refused for
//                                     good, kept until the person retries or deletes it)
//   messages  [conv, seq] → message  (what this device has seen, so a reload works offline)
//   convs     conv → conversation summary (peer or group, last message, positions, firstSeq)
const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function remove(name) {
  return promised(indexedDB.deleteDatabase(name)).catch(() => {});
}

/** A small promise API over one device's IndexedDB database. */
export class DeviceDb {
  #db;

  constructor(db) {
    this.#db = db;
  }

  static async open(deviceId) {
    const request = indexedDB.open(`parley.${deviceId}`, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('meta');
      db.createObjectStore('outbox', { keyPath: 'key', autoIncrement: true });
      db.createObjectStore('messages', { keyPath: ['conv', 'seq'] });
      db.createObjectStore('convs', { keyPath: 'conv' });
    };
    const db = await promised(request);
    // Another tab deletes it (signing out) or a newer version of the app upgrades it: let go, or that
    // tab waits for as long as this one lives.
    db.onversionchange = () => db.close();
    return new DeviceDb(db);
  }

  static remove(deviceId) {
    return remove(`parley.${deviceId}`);
  }

  /** Deletes every database of this app except the device's (none: all of them). */
  static async removeStale(deviceId) {
    if (!indexedDB.databases) return;
    const keep = deviceId ? `parley.${deviceId}` : null;
    const names = (await indexedDB.databases()).map((db) => db.name);
    await Promise.all(names.filter((name) => name?.startsWith('parley.') && name !== keep).map(remove));
  }

  close() {
    this.#db.close();
  }

  #store(name, mode = 'readonly') {
    return this.#db.transaction(name, mode).objectStore(name);
  }

  get(store, key) {
    return promised(this.#store(store).get(key));
  }

  getAll(store, range, count) {
    return promised(this.#store(store).getAll(range, count));
  }

  /** Resolves with the key (for autoIncrement stores, the new one). */
  put(store, value, key) {
    return promised(this.#store(store, 'readwrite').put(value, key));
  }

  delete(store, key) {
    return promised(this.#store(store, 'readwrite').delete(key));
  }

  /** Writes many values in one transaction; resolves when it commits. */
  putAll(store, values) {
    if (values.length === 0) return Promise.resolve();
    const tx = this.#db.transaction(store, 'readwrite');
    for (const value of values) tx.objectStore(store).put(value);
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }

  messagesOf(conv) {
    return this.getAll('messages', IDBKeyRange.bound([conv, 0], [conv, Infinity]));
  }
}
