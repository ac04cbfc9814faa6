#!/usr/bin/env python3
"""Fails if host-min's modules import each other in a loop.

At every level of the module tree, the sibling modules (a file, or a folder
with everything beneath it) must depend on each other one way only: if
`a` uses `b`, nothing in `b` may use `a`. A child using an item its
parent's `mod.rs` defines, and a parent wiring its children, are not loops
between siblings and are not counted. Both crates of host-min are read:
the library (lib.rs) and the binary (main.rs, with cli/ and bench/).

Dependencies are read from paths in the source: `use` lines and inline
`crate::`, `super::`, `self::` paths, and a `mod.rs` naming its own child.
Run by `make lint`:  python3 scripts/check-import-loops.py host-min/src
"""
import os
import re
import sys

PATH = re.compile(r"\b(crate|super|self|[a-z_][a-z0-9_]*)((?:::[A-Za-z_][A-Za-z0-9_]*)+|::\{)")
USE_GROUP = re.compile(r"\buse\s+([a-z_:]+)::\{([^;]*)\};", re.S)


def modules_of(src, root_file):
    """{module path (tuple): file} for the crate rooted at root_file."""
    found = {(): os.path.join(src, root_file)}
    todo = [()]
    while todo:
        path = todo.pop()
        text = strip_comments(open(found[path]).read())
        here = os.path.dirname(found[path]) if found[path].endswith(("mod.rs", root_file)) \
            else found[path][:-3]
        for child in re.findall(r"^\s*(?:pub(?:\([a-z]+\))?\s+)?mod\s+([a-z_0-9]+)\s*;", text, re.M):
            for candidate in (os.path.join(here, child + ".rs"), os.path.join(here, child, "mod.rs")):
                if os.path.exists(candidate):
                    found[path + (child,)] = candidate
                    todo.append(path + (child,))
    return found


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def paths_in(text):
    """Every path the file names, as lists of segments."""
    for head, group in USE_GROUP.findall(text):
        for item in re.split(r",\s*", group):
            yield (head + "::" + item.strip()).split("::")
    for match in PATH.finditer(text):
        yield [match.group(1)] + [s for s in match.group(2).split("::") if s and s != "{"]


def resolve(module, segments, modules):
    """The absolute path segments mean in `module`, or None."""
    first, rest = segments[0], segments[1:]
    if first == "crate":
        return list(rest)
    if first == "self":
        return list(module) + rest
    if first == "super":
        up = list(module[:-1])
        while rest and rest[0] == "super":
            up, rest = up[:-1], rest[1:]
        return up + rest
    if tuple(module) + (first,) in modules:  # a child named without `self::`
        return list(module) + segments
    return None


def loops(modules):
    edges = set()
    for module, file in modules.items():
        text = strip_comments(open(file).read())
        for segments in paths_in(text):
            target = resolve(module, segments, modules)
            if target is None:
                continue
            for i in range(min(len(module), len(target))):
                if module[i] != target[i]:
                    if tuple(target[: i + 1]) in modules:
                        edges.add((tuple(module[: i + 1]), tuple(target[: i + 1])))
                    break
    found = []
    for a, b in sorted(edges):
        if (b, a) in edges and a < b:
            found.append(f"{'::'.join(a)} <-> {'::'.join(b)}")
    # Longer loops: a sibling that reaches itself again.
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            node = todo.pop()
            if node == start:
                found.append(f"{'::'.join(start)} reaches itself")
                break
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
    return sorted(set(found)), len(edges)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "host-min/src"
    failed = False
    for root in ("lib.rs", "main.rs"):
        modules = modules_of(src, root)
        found, count = loops(modules)
        for line in found:
            print(f"error: import loop in {root}'s crate: {line}")
        failed |= bool(found)
        print(f"{root}: {len(modules)} modules, {count} one-way dependencies between siblings")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
