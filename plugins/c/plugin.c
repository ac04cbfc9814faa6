/* The plugin world of wit/plugin.wit in C, with the canonical ABI written
 * by hand, as guest-cabi writes it in Rust: no libc, no generated bindings.
 * clang compiles it to a core module for wasm32; `wasm-tools component
 * embed` adds the world's type and `component new` makes it a component
 * (`make build`: out/plugins/c.wasm).
 *
 * The same behaviour as the other plugins: `upper` by Unicode's full
 * mappings ("grüße" -> "GRÜSSE", from upper_table.h), `reverse` by code
 * points, `word-count` by runs of Unicode white space, `greet` through the
 * host's kv store and log. Invalid UTF-8 never arrives: a WIT string is
 * UTF-8 by type, and the host checks it before lowering. */

#include "upper_table.h"

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long size_t;

/* ---- memory: a bump allocator that starts again when nothing is live ----
 * The host asks for every argument with cabi_realloc, and frees every
 * answer through the post-return functions; the plugin frees what it
 * allocates itself. So between two calls nothing is live, and the heap
 * starts again at its base: memory stays flat over any number of calls. */

extern u8 __heap_base;
static size_t heap_next;
static size_t live;

static void *allocate(size_t size, size_t align) {
    if (heap_next == 0) heap_next = (size_t)&__heap_base;
    size_t at = (heap_next + align - 1) & ~(align - 1);
    size_t end = at + size;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) {
        size_t pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    heap_next = end;
    live++;
    return (void *)at;
}

/* Frees what `allocate` gave. An empty argument's pointer (cabi_realloc of
 * size 0, below the heap) was never allocated. */
static void release(void *ptr) {
    if ((size_t)ptr < (size_t)&__heap_base) return;
    if (--live == 0) heap_next = (size_t)&__heap_base;
}

static void copy(u8 *to, const u8 *from, size_t len) {
    for (size_t i = 0; i < len; i++) to[i] = from[i];
}

/* `cabi_realloc(old_ptr, old_size, align, new_size)`: how the host places
 * an argument (and kv-get's answer) in this memory. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    if (new_size == 0) return (void *)align; /* nothing to hold: any aligned non-null pointer */
    void *fresh = allocate(new_size, align);
    if (old) {
        copy(fresh, old, old_size < new_size ? old_size : new_size);
        release(old);
    }
    return fresh;
}

/* ---- the world's imports, from the module `$root`, lowered by hand ---- */

/* `log: func(msg: string)`: a string flattens to (pointer, length). */
__attribute__((import_module("$root"), import_name("log")))
void log_lowered(const u8 *ptr, size_t len);

/* `kv-get: func(key: string) -> option<string>`: three flat results are
 * more than one, so the caller passes a return area: offset 0 the
 * discriminant (0 none, 1 some), offset 4 the pointer, offset 8 the length. */
struct option_string { u8 is_some; u8 *ptr; size_t len; };
__attribute__((import_module("$root"), import_name("kv-get")))
void kv_get_lowered(const u8 *key, size_t key_len, struct option_string *ret);

/* `kv-set: func(key: string, value: string) -> result`: a result with no
 * payloads flattens to its discriminant, 0 ok and 1 error. */
__attribute__((import_module("$root"), import_name("kv-set")))
u32 kv_set_lowered(const u8 *key, size_t key_len, const u8 *value, size_t value_len);

/* ---- UTF-8, which every string here is ---- */

struct text { u8 *ptr; size_t len; };

static u32 decode(const u8 *s, size_t *at) {
    u8 b = s[*at];
    if (b < 0x80) { *at += 1; return b; }
    if (b < 0xE0) { u32 c = ((b & 0x1F) << 6) | (s[*at + 1] & 0x3F); *at += 2; return c; }
    if (b < 0xF0) {
        u32 c = ((b & 0x0F) << 12) | ((s[*at + 1] & 0x3F) << 6) | (s[*at + 2] & 0x3F);
        *at += 3;
        return c;
    }
    u32 c = ((b & 0x07) << 18) | ((s[*at + 1] & 0x3F) << 12) | ((s[*at + 2] & 0x3F) << 6) | (s[*at + 3] & 0x3F);
    *at += 4;
    return c;
}

static size_t encode(u32 c, u8 *out) {
    if (c < 0x80) { out[0] = c; return 1; }
    if (c < 0x800) { out[0] = 0xC0 | (c >> 6); out[1] = 0x80 | (c & 0x3F); return 2; }
    if (c < 0x10000) {
        out[0] = 0xE0 | (c >> 12); out[1] = 0x80 | ((c >> 6) & 0x3F); out[2] = 0x80 | (c & 0x3F);
        return 3;
    }
    out[0] = 0xF0 | (c >> 18); out[1] = 0x80 | ((c >> 12) & 0x3F);
    out[2] = 0x80 | ((c >> 6) & 0x3F); out[3] = 0x80 | (c & 0x3F);
    return 4;
}

/* Appends `c`'s uppercase to `out` (at most 3 code points of 4 bytes).
 * ASCII first, as most text is; then the one-to-many mappings and the runs,
 * both sorted by code point, by binary search. */
static size_t upper_of(u32 c, u8 *out) {
    if (c < 0x80) {
        out[0] = (c >= 'a' && c <= 'z') ? c - 32 : c;
        return 1;
    }
    size_t lo = 0, hi = sizeof UPPER_MULTI / sizeof UPPER_MULTI[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (UPPER_MULTI[mid].cp < c) lo = mid + 1; else hi = mid;
    }
    if (lo < sizeof UPPER_MULTI / sizeof UPPER_MULTI[0] && UPPER_MULTI[lo].cp == c) {
        size_t n = 0;
        for (size_t k = 0; k < sizeof UPPER_MULTI[lo].up / sizeof(unsigned) && UPPER_MULTI[lo].up[k]; k++)
            n += encode(UPPER_MULTI[lo].up[k], out + n);
        return n;
    }
    /* The last run that starts at or before c. */
    size_t low = 0, high = sizeof UPPER_RUNS / sizeof UPPER_RUNS[0];
    while (high - low > 1) {
        size_t mid = (low + high) / 2;
        if (UPPER_RUNS[mid].first <= c) low = mid; else high = mid;
    }
    const struct upper_run *run = &UPPER_RUNS[low];
    if (run->first <= c && c <= run->last && (c - run->first) % run->step == 0) c += run->delta;
    return encode(c, out);
}

/* Unicode's White_Space, as Rust's char::is_whitespace and Python's
 * str.split know it. */
static int is_space(u32 c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

/* ---- the world's exports, lifted by hand ----
 * A string result is two flat values, more than one, so the export returns
 * a pointer to a return area holding (pointer, length); the host copies the
 * string out and then calls `cabi_post_NAME` with that same pointer, where
 * the plugin frees it. */

static struct text return_area;

static struct text *answer(u8 *ptr, size_t len) {
    return_area.ptr = ptr;
    return_area.len = len;
    return &return_area;
}

__attribute__((export_name("upper")))
struct text *upper(u8 *s, size_t len) {
    u8 *out = allocate(len * 3 + 1, 1); /* one code point's uppercase is at most 3 times its bytes */
    size_t n = 0;
    for (size_t at = 0; at < len;) n += upper_of(decode(s, &at), out + n);
    release(s);
    return answer(out, n);
}

__attribute__((export_name("cabi_post_upper")))
void post_upper(struct text *result) { release(result->ptr); }

__attribute__((export_name("reverse")))
struct text *reverse(u8 *s, size_t len) {
    u8 *out = allocate(len + 1, 1);
    size_t end = len;
    for (size_t at = 0; at < len;) {
        size_t start = at;
        decode(s, &at);
        end -= at - start;
        copy(out + end, s + start, at - start);
    }
    release(s);
    return answer(out, len);
}

__attribute__((export_name("cabi_post_reverse")))
void post_reverse(struct text *result) { release(result->ptr); }

__attribute__((export_name("word-count")))
u32 word_count(u8 *s, size_t len) {
    u32 words = 0;
    int in_word = 0;
    for (size_t at = 0; at < len;) {
        int space = is_space(decode(s, &at));
        if (!space && !in_word) words++;
        in_word = !space;
    }
    release(s);
    return words;
}

static size_t append(u8 *to, size_t at, const u8 *from, size_t len) {
    copy(to + at, from, len);
    return at + len;
}

__attribute__((export_name("greet")))
struct text *greet(u8 *name, size_t len) {
    static const u8 world[] = "world", hello[] = "Hello", called[] = "greet: called for \"",
                    key[] = "greeting", last[] = "last_greeted";
    const u8 *who = len ? name : world;
    size_t who_len = len ? len : sizeof world - 1;

    u8 *line = allocate(sizeof called + who_len + 1, 1);
    size_t n = append(line, 0, called, sizeof called - 1);
    n = append(line, n, who, who_len);
    line[n++] = '"';
    log_lowered(line, n);
    release(line);

    struct option_string greeting = {0, 0, 0};
    kv_get_lowered(key, sizeof key - 1, &greeting);
    if (kv_set_lowered(last, sizeof last - 1, who, who_len) != 0)
        __builtin_trap(); /* WIT gives greet no error case, so a refusal ends the call */

    const u8 *word = greeting.is_some ? greeting.ptr : hello;
    size_t word_len = greeting.is_some ? greeting.len : sizeof hello - 1;
    u8 *out = allocate(word_len + who_len + 3, 1);
    n = append(out, 0, word, word_len);
    n = append(out, n, (const u8 *)", ", 2);
    n = append(out, n, who, who_len);
    out[n++] = '!';
    if (greeting.is_some) release(greeting.ptr);
    release(name);
    return answer(out, n);
}

__attribute__((export_name("cabi_post_greet")))
void post_greet(struct text *result) { release(result->ptr); }
