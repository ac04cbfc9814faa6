// The plugin world's imports (wit/plugin.wit) written in JS, for the
// components jco transpiles (exercise 7): `log` and a kv store with
// host-min's limits. jco maps the world's root imports here (Makefile, --map).
// Its conventions: an option<string> is a string or undefined; a `result` is
// `{ tag: 'ok' }` or `{ tag: 'err' }` (a plain return counts as ok; a throw
// is not an err but a trap, which ends the guest's call).
const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 64 * 1024;
const MAX_KEYS = 1024;
const bytes = (text) => new TextEncoder().encode(text).length;

/** The store behind kv-get and kv-set, and every line the guest logged. */
export const store = new Map();
export const logged = [];

export function log(msg) {
  logged.push(msg);
}

export function kvGet(key) {
  return store.get(key);
}

export function kvSet(key, value) {
  const full = store.size >= MAX_KEYS && !store.has(key);
  if (bytes(key) > MAX_KEY_BYTES || bytes(value) > MAX_VALUE_BYTES || full) {
    return { tag: 'err' };
  }
  store.set(key, value);
  return { tag: 'ok' };
}
