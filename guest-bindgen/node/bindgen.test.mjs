// Exercise 4 in Node: the wasm-pack package (out/pkg, built --target web and
// initialised here from its bytes) and the hand glue over guest-raw.wasm.
// Run: make build && node --test guest-bindgen/node/
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadGuestRaw } from '../www/hand-glue.js';

const here = import.meta.dirname;
const out = join(here, '../../out');
const pkg = join(out, 'pkg/guest_bindgen.js');
assert.ok(existsSync(pkg), `${pkg} is missing: run \`make build\` first`);
const bindgen = await import(pkg);
let hand;

before(async () => {
  await bindgen.default({ module_or_path: readFileSync(join(out, 'pkg/guest_bindgen_bg.wasm')) });
  hand = await loadGuestRaw(readFileSync(join(out, 'guest-raw.wasm')));
});

test('upper and word_count agree with the hand glue, non-ASCII included', () => {
  for (const text of ['grüße aus köln', 'Hello, wasm!', '', '  two\twords\n']) {
    assert.equal(bindgen.upper(text), hand.upper(text));
    assert.equal(bindgen.word_count(text), hand.word_count(text));
  }
  assert.equal(bindgen.upper('grüße'), 'GRÜSSE');
  assert.equal(bindgen.word_count('grüße aus köln'), 3);
});

test('analyze returns a plain object with the ops asked for', () => {
  const result = bindgen.analyze(JSON.stringify({ text: 'grüße aus köln', ops: ['upper', 'word_count', 'reverse'] }));
  assert.deepEqual(result, { upper: 'GRÜSSE AUS KÖLN', reverse: 'nlök sua eßürg', word_count: 3 });
  assert.deepEqual(bindgen.analyze('{"text": "x", "ops": []}'), {});
});

test('bad JSON and an unknown op become a JS Error with the message, not a panic', () => {
  assert.throws(() => bindgen.analyze('{"text": '), (e) => e instanceof Error && /^bad JSON: EOF while parsing/.test(e.message));
  assert.throws(() => bindgen.analyze('[1, 2]'), (e) => e instanceof Error && /^bad JSON: invalid type/.test(e.message));
  assert.throws(() => bindgen.analyze('{"text": "x", "ops": ["shout"]}'), { message: 'unknown op `shout`' });
  // The module is still usable afterwards.
  assert.equal(bindgen.upper('still here'), 'STILL HERE');
});

test('WordStats is a class: constructor, methods, getters, and free()', () => {
  const stats = new bindgen.WordStats();
  stats.feed('one tw');
  stats.feed('o three\nfour'); // "two" is split across the chunks and counts once
  assert.deepEqual([stats.words, stats.lines, stats.chars], [4, 1, 18]);
  stats.free();
  assert.throws(() => stats.feed('more'), 'a freed object must not be usable');
});

test('the hand glue passes the host imports: greet reads and writes the kv store', () => {
  assert.equal(hand.greet('Ada'), 'Hello, Ada!');
  assert.equal(new TextDecoder().decode(hand.kv.get('last_greeted')), 'Ada');
  hand.kv.set('greeting', new TextEncoder().encode('Hej'));
  assert.equal(hand.greet(''), 'Hej, world!');
});
