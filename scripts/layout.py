#!/usr/bin/env python3
"""The code's layout, for before/after notes on restructuring: files and lines per folder, the
largest files, how many files run over 600 lines, and the import
loops between modules and between folders (each loop a set of modules, or of folders, that
import one another, directly or not).

    python3 scripts/layout.py [src]

Imports are read from `use crate::…`, `use super::…` and `crate::…::` paths in the code, by
module path; comments are skipped. Reading text, not compiling: a rough map, good enough to see
a folder's shape and its loops."""

import os
import re
import sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else "src"


def module_of(path):
    rel = os.path.relpath(path, root)[: -len(".rs")]
    parts = rel.split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts) or "crate"


files = []
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".rs"):
            files.append(os.path.join(folder, name))
files.sort()
modules = {module_of(f): f for f in files}

def expand(tree):
    """`a::{b,c::{d,e}}` as the paths a::b, a::c::d, a::c::e."""
    if "{" not in tree:
        return [tree]
    head, _, body = tree.partition("{")
    body = body[: body.rfind("}")]
    parts, depth, current = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        current += ch
    parts.append(current)
    return [path for part in parts if part for path in expand(head + part)]


lines_of = {}
first_line = {}
uses = defaultdict(set)
path_re = re.compile(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)")
for f in files:
    with open(f, encoding="utf-8") as handle:
        text = handle.read()
    lines = text.splitlines()
    lines_of[f] = len(lines)
    first_line[f] = lines[0] if lines else ""
    me = module_of(f)
    parent = me.rsplit("::", 1)[0] if "::" in me else "crate"
    is_mod_file = os.path.basename(f) in ("mod.rs", "lib.rs", "main.rs")
    code = "\n".join(line.split("//", 1)[0] for line in lines)
    # `use a::{b, c::{d}};` stands for a::b and a::c::d: spelt out before the paths are read.
    for statement in re.findall(r"\buse\s+([^;]*);", code):
        code += "\n" + " ".join(expand(re.sub(r"\s+", "", statement)))
    for line in code.splitlines():
        for base, rest in path_re.findall(line):
            parts = rest.strip(":").split("::")
            if base == "crate":
                start = []
            else:
                # `super` in a mod.rs is the folder's parent; elsewhere it is the folder.
                here = me if is_mod_file else parent
                start = here.split("::")[:-1] if is_mod_file else here.split("::")
                if start == ["crate"]:
                    start = []
            # The longest prefix that names a module of this tree.
            target = None
            for n in range(len(parts), 0, -1):
                candidate = "::".join(start + parts[:n])
                if candidate in modules:
                    target = candidate
                    break
            if target and target != me and not me.startswith(target + "::"):
                uses[me].add(target)

# Folders: files and lines.
per_folder = defaultdict(lambda: [0, 0])
for f in files:
    folder = os.path.dirname(os.path.relpath(f, root)) or "."
    per_folder[folder][0] += 1
    per_folder[folder][1] += lines_of[f]
print("Files and lines per folder:")
for folder in sorted(per_folder):
    count, total = per_folder[folder]
    print(f"  {folder + '/':<28} {count:>3} files {total:>7} lines")

print("\nLargest files:")
for f in sorted(files, key=lambda f: -lines_of[f])[:8]:
    print(f"  {lines_of[f]:>6}  {os.path.relpath(f, root)}")

long = [f for f in files if lines_of[f] > 600]
print(f"\nFiles over 600 lines: {len(long)}")

def loops_of(nodes, uses):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, on_stack, stack, loops = {}, {}, set(), [], []
    counter = [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(uses[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))


    for v in sorted(nodes):
        if v not in index:
            connect(v)
    return loops


sys.setrecursionlimit(10000)
loops = loops_of(modules, uses)
print(f"\nImport loops between modules: {len(loops)}")
for component in loops:
    print(f"  {len(component)} modules: {', '.join(component)}")


def folder_of(module):
    f = os.path.relpath(modules[module], root)
    return os.path.dirname(f) or "."


def is_within(folder, ancestor):
    return ancestor == "." or folder.startswith(ancestor + os.sep)


# A folder may use what the folders it sits in hold (their shared types, as
# `model/deal_space/` uses `model::types`): only uses across or downwards make a loop.
folder_uses = defaultdict(set)
for me, targets in uses.items():
    for target in targets:
        mine, theirs = folder_of(me), folder_of(target)
        if mine != theirs and not is_within(mine, theirs):
            folder_uses[mine].add(theirs)
folder_loops = loops_of({folder_of(m) for m in modules}, folder_uses)
print(f"\nImport loops between folders (a folder's use of those it sits in aside): {len(folder_loops)}")
for component in folder_loops:
    print(f"  {len(component)} folders: {', '.join(component)}")
