// The plugin world of wit/plugin.wit in JavaScript, built into a component
// by componentize-js (`make build`: out/plugins/js.wasm). The same
// behaviour as the Rust plugins: `upper` by Unicode rules, `reverse` by
// characters, `greet` through the host's kv store and log.
import log from 'log';
import kvGet from 'kv-get';
import kvSet from 'kv-set';

export function upper(s) {
  return s.toUpperCase(); // "grüße" -> "GRÜSSE", as Rust's to_uppercase
}

export function wordCount(s) {
  const words = s.split(/\s+/u).filter((word) => word.length > 0);
  return words.length;
}

export function greet(name) {
  name = name || 'world';
  log(`greet: called for "${name}"`);
  const greeting = kvGet('greeting');
  try {
    kvSet('last_greeted', name);
  } catch {
    // WIT gives greet no error case, so a refusal ends the call.
    throw new Error('the host refused to store last_greeted');
  }
  return `${greeting ?? 'Hello'}, ${name}!`;
}

export function reverse(s) {
  return Array.from(s).reverse().join(''); // by code points, still valid UTF-8
}
