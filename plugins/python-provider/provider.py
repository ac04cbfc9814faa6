"""The host's side of the plugin world, in Python: the world `provider` of
wit/plugin.wit, built by componentize-py into out/plugins/python-provider.wasm.
Composed with a Rust plugin (scripts/compose.py), it answers the plugin's
`log`, `kv-get` and `kv-set` in place of the host: a store of at most 16
entries seeded with greeting=Hej, as exercise 7's WAT provider, and log
lines on standard error through WASI, which the component keeps."""

import sys

from componentize_py_types import Err
from wit_world import exports

MAX_ENTRIES = 16


class Host(exports.Host):
    store = {"greeting": "Hej"}

    def log(self, msg: str) -> None:
        print(f"[python provider] {msg}", file=sys.stderr, flush=True)

    def kv_get(self, key: str) -> str | None:
        return self.store.get(key)

    def kv_set(self, key: str, value: str) -> None:
        if key not in self.store and len(self.store) >= MAX_ENTRIES:
            raise Err(None)  # the store is full: the WIT result's error case
        self.store[key] = value
