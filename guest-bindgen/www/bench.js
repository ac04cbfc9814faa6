// Calls per second from JS, bindgen glue against hand glue, for a short
// string and a 1 MiB string. Runs in Node (make bench-js) and in the browser
// (bench.html, driven by the page test). Median of 7 rounds of >= 100 ms.

const SHORT = 'Hello, wasm!';
const LONG = 'abcdefghij klmnop '.repeat(Math.ceil((1 << 20) / 18)).slice(0, 1 << 20);

function callsPerSecond(fn, input) {
  const expected = fn(input); // warm-up, and the answer every call must give
  const rounds = [];
  for (let round = 0; round < 7; round++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 100) {
      if (fn(input) !== expected) throw new Error('a call gave another answer');
      calls++;
      elapsed = performance.now() - start;
    }
    rounds.push((calls * 1000) / elapsed);
  }
  rounds.sort((a, b) => a - b);
  return { median: rounds[3], min: rounds[0], max: rounds[6] };
}

/** Measures `upper` through both glues; checks both agree first. */
export function runBench(bindgen, hand) {
  const rows = [];
  for (const [label, input] of [['upper, 12-byte string', SHORT], ['upper, 1 MiB string', LONG]]) {
    if (bindgen.upper(input) !== hand.upper(input)) throw new Error(`${label}: the two glues disagree`);
    rows.push({ label, bindgen: callsPerSecond(bindgen.upper, input), hand: callsPerSecond(hand.upper, input) });
  }
  return rows;
}

export function formatBench(rows, where) {
  const fmt = (s) => `${s.median.toFixed(0)}/s [${s.min.toFixed(0)}-${s.max.toFixed(0)}]`;
  return rows.map((r) => `${where.padEnd(8)} ${r.label.padEnd(24)} bindgen ${fmt(r.bindgen).padEnd(28)} hand ${fmt(r.hand)}`).join('\n');
}
