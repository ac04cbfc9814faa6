// guest-fs under Node's node:wasi (Node 20): the third runtime of exercise 9.
// host-min and the wasmtime CLI pass every check (host-min/tests/wasi_fs.rs);
// this test pins down where node:wasi differs, so it fails, and
// docs/09-wasi-filesystem.md must change, when Node changes what it passes.
// (Two checks never return under it and are skipped: a fix there would go
// unnoticed.)
// Run: make build && node --test guest-fs/node/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const guest = join(here, '../../out/guest-fs.wasm');
const runner = join(here, '../../guest-wasi/node/run-wasi.mjs');
assert.ok(existsSync(guest), `${guest} is missing: run \`make build\` first`);

// Two checks never return under node:wasi: they are skipped, or the run hangs.
const NEVER_RETURN = ['file-fstflags-invalid', 'poll-clock-absolute'];

// The checks node:wasi fails, with what it does instead (Node 20, uvwasi 0.0.23).
const FAILS_ON_NODE = {
  'file-append': 'fdstat does not report APPEND',
  'file-set-size': 'a read-only descriptor can truncate its file',
  'file-set-times': 'times lose their nanoseconds',
  'fd-renumber-onto-dir': 'fd_prestat_get of a renumbered descriptor is EINVAL',
  'fd-stdio-seek': 'seeking on stdout (a pipe) is ENOTCAPABLE, not ESPIPE',
  'fdstat-dir': 'a directory reports an unknown flag (0x8000)',
  'fdstat-set-flags-append': 'files report unknown flags',
  'prestat-name': 'a short buffer is ENOBUFS',
  'open-preopen-dot': 'the preopen opened again as "." lacks fd_filestat_get',
  'readdir-empty': '"." and ".." are not listed',
  'readdir-entries': '"." and ".." are not listed',
  'readdir-cookie': '"." and ".." are not listed',
  'readdir-many-small-buffer': '"." and ".." are not listed',
  'open-creat-excl': 'CREAT|EXCL succeeds through a dangling symlink',
  'open-odd-paths': 'a path with a NUL byte opens',
  'open-fdflags': 'SYNC is not reported',
  'open-nofollow': 'a symlink to a file opens without SYMLINK_FOLLOW',
  'open-dangling-symlink': 'ENOENT instead of ELOOP without SYMLINK_FOLLOW',
  'mkdir-rmdir': 'rmdir "." is ENOTEMPTY',
  readlink: 'a NUL is written after the link text',
  'set-times-link-vs-target': 'times lose their nanoseconds',
  'dotdot-inside-ok': 'a symlink to ../sub that stays inside is refused',
  'escape-symlink-relative': 'a symlink whose text leads outside is not made at all',
  'escape-symlink-chain': 'a symlink whose text leads outside is not made at all',
  'escape-symlink-intermediate': 'a symlink whose text leads outside is not made at all',
  'escape-creat-dangling': 'a symlink whose text leads outside is not made at all',
  'escape-link': 'a symlink whose text leads outside is not made at all',
  'escape-filestat': 'a symlink whose text leads outside is not made at all',
  'escape-readlink': 'a symlink whose text leads outside is not made at all',
  'planted-planted-out': 'a symlink already in the grant leads outside it',
  'planted-planted-abs': 'a symlink already in the grant leads outside it',
  'planted-planted-dangling': 'ENOENT instead of a refusal',
};

test('node:wasi passes the rest of guest-fs and follows planted symlinks out of the grant', () => {
  const root = mkdtempSync(join(tmpdir(), 'guest-fs-node-'));
  try {
    const [grant, outside] = [join(root, 'grant'), join(root, 'outside')];
    mkdirSync(grant);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'not yours\n');
    symlinkSync('../outside', join(grant, 'planted-out'));
    symlinkSync(outside, join(grant, 'planted-abs'));
    symlinkSync(join(root, 'missing'), join(grant, 'planted-dangling'));
    const planted = ['planted-out', 'planted-abs', 'planted-dangling'].flatMap((n) => ['--planted', n]);
    const skips = NEVER_RETURN.flatMap((n) => ['--skip', n]);
    // The guest knows its grant as "grant": run from the sandbox's root.
    const ran = spawnSync('node', ['--no-warnings', runner, '--dir=grant', guest, 'grant', ...planted, ...skips], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(ran.signal, null, 'guest-fs did not finish under node:wasi');
    const lines = ran.stdout.trim().split('\n');
    const failed = lines.filter((l) => l.startsWith('FAIL ')).map((l) => l.slice(5).split(':')[0]);
    assert.deepEqual(failed.sort(), Object.keys(FAILS_ON_NODE).sort(), ran.stdout);
    const passed = lines.filter((l) => l.startsWith('ok ')).length;
    assert.equal(passed, 51, ran.stdout); // 85 checks, 2 skipped, 32 differ
    assert.equal(ran.status, 1);
    // What the planted symlinks let through: files created outside the grant.
    const leaked = readdirSync(outside).filter((n) => n.startsWith('escaped-')).sort();
    assert.deepEqual(leaked, ['escaped-planted-planted-abs', 'escaped-planted-planted-out']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
