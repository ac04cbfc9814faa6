// Drives guest-raw.wasm in V8 (Node) for `host-min bench`, so the engines
// table can time V8 in turns with native code. One command a line on stdin,
// one answer a line on stdout:
//   load PATH        -> "compiled MS" (the first compile: V8 caches a module
//                       by its bytes, so a second compile would be a cache hit)
//   check K          -> "result U64" (kernel K once: fib, matmul checksum, fnv1a)
//   run K N          -> "done" after N runs of kernel K
// The inputs and the matmul checksum are the twins of host-min/src/bench/kernels.rs.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const MATRIX_N = 256;
const HASH_BYTES = 1 << 20;
const FIB_N = 30;
let exports, a, b, out, bytes;

function load(path) {
  const wasm = readFileSync(path);
  const started = performance.now();
  const module = new WebAssembly.Module(wasm);
  const compiled = performance.now() - started;
  // guest-raw's env imports are never called by the kernels.
  const env = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (from === 'env' && kind === 'function') env[name] = () => { throw new Error(`${name} called`); };
  }
  exports = new WebAssembly.Instance(module, { env }).exports;
  const cells = MATRIX_N * MATRIX_N;
  [a, b, out] = [0, 1, 2].map(() => exports.alloc(cells * 8));
  bytes = exports.alloc(HASH_BYTES);
  const f64 = (at) => new Float64Array(exports.memory.buffer, at, cells);
  f64(a).forEach((_, i, m) => { m[i] = (i % 7) * 0.5; });
  f64(b).forEach((_, i, m) => { m[i] = (i % 5) - 1.25; });
  new Uint8Array(exports.memory.buffer, bytes, HASH_BYTES).forEach((_, i, m) => { m[i] = (i * 31) % 251; });
  return `compiled ${compiled}`;
}

function kernel(k) {
  if (k === 0) return exports.fib(FIB_N);
  if (k === 1) return exports.matmul(a, b, out, MATRIX_N);
  return exports.fnv1a(bytes, HASH_BYTES);
}

function check(k) {
  const value = kernel(k);
  if (k !== 1) return BigInt.asUintN(64, value);
  const words = new BigUint64Array(exports.memory.buffer, out, MATRIX_N * MATRIX_N);
  let sum = 0n;
  for (const word of words) {
    sum = BigInt.asUintN(64, (sum << 5n) | (sum >> 59n)) ^ word;
  }
  return sum;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, x, y] = line.split(' ');
  try {
    if (command === 'load') console.log(load(line.slice(5)));
    else if (command === 'check') console.log(`result ${check(Number(x))}`);
    else if (command === 'run') {
      for (let i = Number(y); i > 0; i--) kernel(Number(x));
      console.log('done');
    } else console.log(`error unknown command ${command}`);
  } catch (e) {
    console.log(`error ${String(e).replace(/\n/g, ' ')}`);
  }
}
