// The hand-written JS glue for guest-raw.wasm: what wasm-bindgen generates
// for guest-bindgen, done by hand against the ABI in ABI.md.
//   1. encode the string to UTF-8 (TextEncoder),
//   2. ask the guest for a buffer (alloc) and copy the bytes into its memory,
//   3. call the export with (ptr, len); it returns one i64 (a BigInt here)
//      packing the result's ptr (high 32 bits) and len (low 32 bits),
//   4. copy the result out, give both buffers back (dealloc),
//   5. decode the kind byte: 0 text, 1 u64 number, 2 error message.
// Works in the browser and in Node: pass the module's bytes or a Response.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Instantiates guest-raw from its bytes (or a fetch() Response). */
export async function loadGuestRaw(source, { log = () => {} } = {}) {
  let exports; // set below; the imports read memory through it
  const bytesAt = (ptr, len) => new Uint8Array(exports.memory.buffer, ptr, len);
  const kv = new Map();
  // The host imports of ABI.md, module "env". A bad range throws, which traps the call.
  const env = {
    log: (ptr, len) => log(decoder.decode(bytesAt(ptr, len).slice())),
    kv_get: (keyPtr, keyLen, outPtr, outCap) => {
      const value = kv.get(decoder.decode(bytesAt(keyPtr, keyLen).slice()));
      if (value === undefined) return -1;
      bytesAt(outPtr, outCap).set(value.subarray(0, Math.min(value.length, outCap)));
      return value.length;
    },
    kv_set: (keyPtr, keyLen, valPtr, valLen) => {
      kv.set(decoder.decode(bytesAt(keyPtr, keyLen).slice()), bytesAt(valPtr, valLen).slice());
      return 0;
    },
    panic: (ptr, len) => {
      throw new Error(`guest-raw panicked: ${decoder.decode(bytesAt(ptr, len).slice())}`);
    },
  };
  const { instance } =
    source instanceof Response
      ? await WebAssembly.instantiateStreaming(source, { env })
      : await WebAssembly.instantiate(source, { env });
  exports = instance.exports;

  /** Calls `name(ptr, len) -> i64` on `text` and decodes the answer. */
  function call(name, text) {
    const input = encoder.encode(text);
    const inputPtr = exports.alloc(input.length);
    if (inputPtr === 0) throw new Error(`alloc(${input.length}) returned 0`);
    bytesAt(inputPtr, input.length).set(input); // a fresh view: memory may have grown

    const packed = BigInt.asUintN(64, exports[name](inputPtr, input.length));
    const ptr = Number(packed >> 32n);
    const len = Number(packed & 0xffffffffn);
    if (packed === 0n) throw new Error(`${name} could not allocate its result`);
    if (ptr + len > exports.memory.buffer.byteLength) throw new Error(`${name} returned a range outside memory`);
    const result = bytesAt(ptr, len).slice(); // copy out before the buffer is freed
    exports.dealloc(ptr, len);
    exports.dealloc(inputPtr, input.length);

    const [kind] = result;
    const payload = result.subarray(1);
    if (kind === 0) return decoder.decode(payload);
    if (kind === 1) return Number(new DataView(payload.buffer, payload.byteOffset, 8).getBigUint64(0, true));
    if (kind === 2) throw new Error(`${name} failed: ${decoder.decode(payload)}`);
    throw new Error(`${name} returned a result of unknown kind ${kind}`);
  }

  return {
    upper: (text) => call('upper', text),
    word_count: (text) => call('word_count', text),
    reverse: (text) => call('reverse', text),
    greet: (name) => call('greet', name),
    kv,
    memory: () => exports.memory,
  };
}
