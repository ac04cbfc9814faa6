// Exercises 4 and 7 in a real browser: Debian's Chromium, headless, driven by
// playwright-core (no browser download), loads the page from a loopback
// server, and all three glues (wasm-bindgen, the hand glue, guest-cabi through
// jco) must show the same results, with no console error.
// A screenshot goes to out/screenshots/page.png.
// Run: make build && node --test guest-bindgen/node/
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serve } from '../www/serve.mjs';
import { launchChromium } from './chromium.mjs';

const out = join(import.meta.dirname, '../../out');
let server, browser, base;

before(async () => {
  server = await serve(out, 0);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the page shows the same results through all three glues, with no console error', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${base}/www/index.html`);
  await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading…');
  assert.equal(await page.textContent('#status'), 'done', errors.join('\n'));

  const rows = await page.$$eval('tr[data-call]', (trs) =>
    trs.map((tr) => [tr.dataset.call, ...['bindgen', 'hand', 'component', 'c'].map((glue) => tr.querySelector(`[data-glue=${glue}]`).textContent)]),
  );
  const byCall = Object.fromEntries(rows.map(([call, bindgen, hand, component, c]) => [call, { bindgen, hand, component, c }]));
  const upper = 'GRÜSSE AUS KÖLN';
  assert.deepEqual(byCall['upper("grüße aus köln")'], { bindgen: upper, hand: upper, component: upper, c: upper });
  assert.deepEqual(byCall['word_count("grüße aus köln")'], { bindgen: '3', hand: '3', component: '3', c: '3' });
  for (const [call, { bindgen, hand, component, c }] of Object.entries(byCall)) {
    if (call.startsWith('upper') || call.startsWith('word_count')) {
      assert.equal(bindgen, hand, call);
      assert.equal(bindgen, component, call);
      assert.equal(bindgen, c, call);
    }
  }
  assert.equal(byCall['analyze({…})'].bindgen, '{"upper":"GRÜSSE AUS KÖLN","word_count":3}');
  assert.equal(byCall['WordStats after 3 chunks'].bindgen, '5 words, 3 lines');

  mkdirSync(join(out, 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(out, 'screenshots/page.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
