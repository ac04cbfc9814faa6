// Exercise 7 in Node: the plugin world's components, transpiled by jco into
// ES modules plus core wasm (make build, out/jco/), with the world's imports
// written in JS (www/component-host.js). The same conformance cases as
// host-min's component tests, and what invalid UTF-8 does on this path.
// Run: make build && node --test guest-bindgen/node/
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';

const out = join(import.meta.dirname, '../../out');
const host = await import(join(out, 'www/component-host.js'));
const COMPONENTS = [
  ['guest-cabi', false], // the canonical ABI by hand
  ['guest-wit', false], // the same through wit-bindgen
  ['plugin', true], // written in the text format, ASCII only
  ['c', false], // exercise 11's C plugin, the canonical ABI by hand in C
];
const load = (name) => import(join(out, 'jco', name, `${name}.js`));

beforeEach(() => {
  host.store.clear();
  host.logged.length = 0;
});

test('upper, word-count and reverse agree with host-min', async () => {
  for (const [name, asciiOnly] of COMPONENTS) {
    const { upper, wordCount, reverse } = await load(name);
    assert.equal(upper('Hello, wasm!'), 'HELLO, WASM!', name);
    assert.equal(upper('grüße'), asciiOnly ? 'GRüßE' : 'GRÜSSE', name);
    assert.equal(upper(''), '', name);
    for (const [input, words] of [['', 0], ['one', 1], ['  two\twords\n', 2], ['a b  c   d', 4]]) {
      assert.equal(wordCount(input), words, `${name}: ${JSON.stringify(input)}`);
    }
    assert.equal(reverse('wasm'), 'msaw', name);
  }
});

test('greet goes through the JS kv store and log', async () => {
  for (const [name] of COMPONENTS) {
    host.store.clear();
    host.store.set('greeting', 'Hej');
    const { greet } = await load(name);
    assert.equal(greet('Ada'), 'Hej, Ada!', name);
    assert.equal(host.store.get('last_greeted'), 'Ada', name);
    host.store.clear();
    assert.equal(greet(''), 'Hello, world!', name);
  }
  assert.ok(host.logged.includes('greet: called for "Ada"'), host.logged.join('\n'));
});

test('a 1 MiB string goes in and out whole', async () => {
  const input = 'abcdefghij'.repeat(1 << 17) + 'end';
  for (const [name] of COMPONENTS) {
    const { upper } = await load(name);
    assert.equal(upper(input), input.toUpperCase(), name);
  }
});

test('a refusal from the JS store reaches the guest as the error case of `result`', async () => {
  for (let i = 0; i < 1024; i++) host.store.set(`key ${i}`, 'x');
  const { greet } = await load('guest-cabi');
  // WIT gives greet no error case, so guest-cabi traps on the refusal.
  assert.throws(() => greet('Ada'), /unreachable/);
});

test('invalid UTF-8 from a guest becomes U+FFFD in JS, where wasmtime refuses it', async () => {
  // The WAT plugin reverses bytes: "é" (c3 a9) comes back as a9 c3. jco's
  // lifting decodes with a non-fatal TextDecoder; host-min exits 71 instead
  // (host-min/tests/components.rs, invalid_utf8_on_each_path).
  const { reverse } = await load('plugin');
  assert.equal(reverse('é'), '\uFFFD\uFFFD');
});
