// Runs a WASI preview-1 command under Node's built-in node:wasi, a second
// runtime independent of wasmtime, with the same command line shape:
//
//   node --no-warnings guest-wasi/node/run-wasi.mjs [--dir=DIR]... module.wasm [ARGS...]
//
// Each --dir=DIR is pre-opened under its own path, as `wasmtime run --dir` does.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0]?.startsWith('--dir=')) {
  const dir = argv.shift().slice('--dir='.length);
  preopens[dir] = dir;
}
const [modulePath, ...guestArgs] = argv;
if (!modulePath) {
  console.error('error: usage: run-wasi.mjs [--dir=DIR]... module.wasm [ARGS...]');
  process.exit(64);
}

let bytes;
try {
  bytes = await readFile(modulePath);
} catch (e) {
  console.error(`error: cannot read ${modulePath}: ${e.message}`);
  process.exit(66);
}
const wasi = new WASI({
  version: 'preview1',
  args: [modulePath, ...guestArgs],
  env: {},
  preopens,
  returnOnExit: true, // proc_exit(n) returns n here instead of ending Node
});
const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), wasi.getImportObject());
process.exitCode = wasi.start(instance);
