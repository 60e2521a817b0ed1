/** The smallest event emitter: on(type, fn) returns a function that unsubscribes. */
export class Emitter {
  #listeners = new Map();

  on(type, fn) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(fn);
    return () => this.#listeners.get(type).delete(fn);
  }

  emit(type, detail) {
    for (const fn of this.#listeners.get(type) ?? []) fn(detail);
  }
}
