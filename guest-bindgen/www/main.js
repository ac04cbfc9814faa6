// Loads the guests, runs the same inputs through each, and fills the table:
// wasm-bindgen's glue, the hand glue over guest-raw.wasm, guest-cabi as a
// component through jco's glue (exercise 7), and the C plugin of exercise 11
// through the same jco glue. The page test reads the cells
// (data-call, data-glue) and the status line.
import init, { analyze, upper, word_count, WordStats } from '../pkg/guest_bindgen.js';
import { loadGuestRaw } from './hand-glue.js';
import * as component from '../jco/guest-cabi/guest-cabi.js';
import * as inC from '../jco/c/c.js';

const INPUTS = ['grüße aus köln', 'Hello, wasm!', ''];

async function main() {
  await init(); // fetches ../pkg/guest_bindgen_bg.wasm next to the glue
  const hand = await loadGuestRaw(await fetch('../guest-raw.wasm'));
  const stats = new WordStats();
  INPUTS.forEach((text) => stats.feed(text + '\n'));
  const rows = [];
  for (const text of INPUTS) {
    rows.push([`upper(${JSON.stringify(text)})`, upper(text), hand.upper(text), component.upper(text), inC.upper(text)]);
    rows.push([
      `word_count(${JSON.stringify(text)})`,
      String(word_count(text)),
      String(hand.word_count(text)),
      String(component.wordCount(text)),
      String(inC.wordCount(text)),
    ]);
  }
  const analysis = analyze(JSON.stringify({ text: 'grüße aus köln', ops: ['upper', 'word_count'] }));
  rows.push(['analyze({…})', JSON.stringify(analysis), '(no JSON in the hand ABI)', '(not in the world)', '(not in the world)']);
  rows.push([
    'WordStats after 3 chunks',
    `${stats.words} words, ${stats.lines} lines`,
    '(no classes in the hand ABI)',
    '(not in the world)',
    '(not in the world)',
  ]);
  stats.free();

  const body = document.getElementById('results');
  for (const [call, bindgen, handResult, componentResult, cResult] of rows) {
    const tr = body.insertRow();
    tr.insertCell().textContent = call;
    Object.assign(tr.insertCell(), { textContent: bindgen }).dataset.glue = 'bindgen';
    Object.assign(tr.insertCell(), { textContent: handResult }).dataset.glue = 'hand';
    Object.assign(tr.insertCell(), { textContent: componentResult }).dataset.glue = 'component';
    Object.assign(tr.insertCell(), { textContent: cResult }).dataset.glue = 'c';
    tr.dataset.call = call;
  }
  document.getElementById('status').textContent = 'done';
}

main().catch((error) => {
  document.getElementById('status').textContent = `failed: ${error.message}`;
  console.error(error);
});
