"""The plugin world of wit/plugin.wit in Python, built into a component by
componentize-py (`make build`: out/plugins/python.wasm). The same behaviour
as the Rust plugins: `upper` by Unicode rules, `reverse` by characters,
`greet` through the host's kv store and log."""

import wit_world
from wit_world import kv_get, kv_set, log


class WitWorld(wit_world.WitWorld):
    def upper(self, s: str) -> str:
        return s.upper()  # "grüße" -> "GRÜSSE", as Rust's to_uppercase

    def word_count(self, s: str) -> int:
        return len(s.split())

    def greet(self, name: str) -> str:
        name = name or "world"
        log(f'greet: called for "{name}"')
        greeting = kv_get("greeting")
        try:
            kv_set("last_greeted", name)
        except Exception as refused:
            # WIT gives greet no error case, so a refusal ends the call.
            raise RuntimeError("the host refused to store last_greeted") from refused
        return f"{greeting or 'Hello'}, {name}!"

    def reverse(self, s: str) -> str:
        return s[::-1]  # by code points, so the result is still valid UTF-8
