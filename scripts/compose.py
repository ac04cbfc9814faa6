#!/usr/bin/env python3
"""Composes a plugin component with a provider of its imports, by hand, in
the component text format: both become nested components of an outer one
that instantiates the provider, passes what it exports to the plugin as
the plugin's imports (matched by WIT name and type: `wasm-tools validate`
type-checks each, and a mismatch leaves no output), and re-exports the
plugin's world.

Two kinds of provider, told apart by what they export:
- `log`, `kv-get` and `kv-set` as functions (wat/component/provider.wat);
- the interface `wasm-by-hand:plugin/host` of wit/plugin.wit
  (plugins/python-provider/, from componentize-py, which exports functions
  only inside an interface).

What the provider imports (a Python component imports 25 WASI 0.2
interfaces) the outer component imports in turn, with the same types: its
type, import and alias declarations are copied ahead of everything else,
so their indices stay what they were, and each import is passed on to the
provider. The plugin must import nothing but the world's three functions.
The result imports only what the provider did: nothing, or WASI.

  scripts/compose.py PLUGIN.wasm PROVIDER.wat|PROVIDER.wasm OUT.wasm
"""
import os
import re
import subprocess
import sys
import tempfile

WORLD_IMPORTS = ["log", "kv-get", "kv-set"]
WORLD_EXPORTS = ["upper", "word-count", "greet", "reverse"]
HOST_INTERFACE = re.compile(r'^  \(export (?:\$\S+ )?(?:\(;\d+;\) )?"(wasm-by-hand:plugin/host@[^"]+)"', re.M)


def wasm_tools(*args, stdin=None):
    """Runs wasm-tools; if it fails, its own error line is the script's."""
    ran = subprocess.run(["wasm-tools", *args], input=stdin, capture_output=True)
    if ran.returncode != 0:
        sys.stderr.write(ran.stderr.decode(errors="replace"))
        sys.exit(ran.returncode)
    return ran.stdout


def text_of(path):
    """A component as wasm-tools prints it (a .wat is parsed first, so its
    comments and layout are gone and its forms start where expected)."""
    return wasm_tools("print", stdin=wasm_tools("parse", path)).decode()


def preamble(text):
    """The top-level type, import and alias forms before the first module."""
    lines = text.splitlines()
    if not lines or lines[0] != "(component":
        sys.exit("error: the provider is not a component (its text does not start with `(component`)")
    starts = (i for i, line in enumerate(lines) if re.match(r"  \((core |component|instance|func|canon)", line))
    end = next(starts, len(lines) - 1)
    forms = lines[1:end]
    for line in forms:
        if line.startswith("  (") and not re.match(r"  \((type|import|alias) ", line):
            sys.exit(f"error: the provider declares something unexpected before its modules: {line.strip()}")
    return forms


def imports_of(forms):
    """(name, instance index) of every import in the preamble."""
    found = []
    for line in forms:
        match = re.match(r'  \(import "([^"]+)" \(instance (?:\$\S+ )?\(;(\d+);\)', line)
        if match:
            found.append((match.group(1), int(match.group(2))))
        elif line.startswith("  (import "):
            sys.exit(f"error: the provider imports something other than an instance: {line.strip()}")
    return found


def nested(text, name):
    """A component's text as a nested component named `name`."""
    return text.replace("(component", f"(component ${name}", 1)


def main():
    if len(sys.argv) != 4:
        sys.exit("error: usage: scripts/compose.py PLUGIN.wasm PROVIDER.wat|PROVIDER.wasm OUT.wasm")
    plugin_path, provider_path, out = sys.argv[1:4]
    plugin, provider = text_of(plugin_path), text_of(provider_path)

    plugin_imports = re.findall(r'^  \(import "([^"]+)"', plugin, re.M)
    if sorted(plugin_imports) != sorted(WORLD_IMPORTS):
        sys.exit(f"error: {plugin_path} imports {plugin_imports}, not the plugin world's {WORLD_IMPORTS}")
    forms = preamble(provider)
    passed_on = imports_of(forms)
    interface = HOST_INTERFACE.search(provider)

    parts = ["(component", *forms, nested(provider, "Provider"), nested(plugin, "Plugin")]
    args = "".join(f'\n    (with "{name}" (instance {index}))' for name, index in passed_on)
    parts.append(f"  (instance $provider (instantiate $Provider{args}))")
    if interface:
        parts.append(f'  (alias export $provider "{interface.group(1)}" (instance $host))')
    source = "$host" if interface else "$provider"
    withs = "".join(f'\n    (with "{name}" (func {source} "{name}"))' for name in WORLD_IMPORTS)
    parts.append(f"  (instance $plugin (instantiate $Plugin{withs}))")
    parts += [f'  (export "{name}" (func $plugin "{name}"))' for name in WORLD_EXPORTS]
    parts.append(")")

    with tempfile.NamedTemporaryFile("w", suffix=".wat", dir=os.environ.get("TMPDIR", "/tmp")) as text:
        text.write("\n".join(parts) + "\n")
        text.flush()
        wasm_tools("parse", text.name, "-o", out)
    # Validation type-checks every `with` against the import it fills.
    ran = subprocess.run(["wasm-tools", "validate", out], capture_output=True)
    if ran.returncode != 0:
        os.remove(out)
        sys.stderr.write(ran.stderr.decode(errors="replace"))
        sys.exit(ran.returncode)


if __name__ == "__main__":
    main()
