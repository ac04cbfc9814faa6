// `make bench-js`: the contrast table of exercise 4. Sizes of the .wasm and
// of the JS glue, and calls per second from JS (upper on a 12-byte and a
// 1 MiB string), bindgen glue against hand glue, in Node and in Chromium.
// `--json FILE` also writes them as JSON, for a record (`make record-js`,
// the source of docs/04's figures).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGuestRaw } from '../www/hand-glue.js';
import { formatBench, runBench } from '../www/bench.js';
import { serve } from '../www/serve.mjs';
import { launchChromium } from './chromium.mjs';

const root = join(import.meta.dirname, '../..');
const out = join(root, 'out');
const size = (path) => statSync(path).size;
const report = {
  sizes: {
    bindgen: { wasm: size(join(out, 'pkg/guest_bindgen_bg.wasm')), glue: size(join(out, 'pkg/guest_bindgen.js')) },
    hand: { wasm: size(join(out, 'guest-raw.wasm')), glue: size(join(root, 'guest-bindgen/www/hand-glue.js')) },
  },
};

console.log('sizes (bytes)            .wasm    JS glue');
console.log(`wasm-bindgen        ${String(size(join(out, 'pkg/guest_bindgen_bg.wasm'))).padStart(10)} ${String(size(join(out, 'pkg/guest_bindgen.js'))).padStart(10)}   pkg/guest_bindgen_bg.wasm, pkg/guest_bindgen.js`);
console.log(`hand ABI            ${String(size(join(out, 'guest-raw.wasm'))).padStart(10)} ${String(size(join(root, 'guest-bindgen/www/hand-glue.js'))).padStart(10)}   guest-raw.wasm, www/hand-glue.js`);
console.log('\ncalls per second, median [min-max] of 7 rounds of >= 100 ms');

const bindgen = await import(join(out, 'pkg/guest_bindgen.js'));
await bindgen.default({ module_or_path: readFileSync(join(out, 'pkg/guest_bindgen_bg.wasm')) });
const hand = await loadGuestRaw(readFileSync(join(out, 'guest-raw.wasm')));
const nodeRows = runBench(bindgen, hand);
report.node = { version: process.versions.node, rows: nodeRows };
console.log(formatBench(nodeRows, `node ${process.versions.node}`));

const server = await serve(out, 0);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/www/bench.html`);
  await page.waitForSelector('#result[data-done]', { timeout: 60_000 });
  const rows = JSON.parse(await page.textContent('#result'));
  report.chromium = { version: browser.version(), rows };
  console.log(formatBench(rows, `chromium ${browser.version()}`));
} finally {
  await browser.close();
  server.close();
}
const json = process.argv.indexOf('--json');
if (json > 0) writeFileSync(process.argv[json + 1], JSON.stringify(report, null, 2) + '\n');
