#!/usr/bin/env python3
"""Stage boundaries: every `#include "<folder>/<file>.h"` under src/ against
the include table of docs/architecture.md (CONTRIBUTING.md section 1).

Checks, one TAP line per source file:
  - a file under src/<stage>/ (src/main.c counts as cli) includes another
    folder's header only where the table's row for <stage> names that folder;
  - no folder's <folder>_int.h, nor any header whose name ends in _int.h, is
    included from outside its folder;
  - every folder of src/ has a row in the table, and every row a folder or a
    stage still to come (so a new stage cannot skip the table).

Usage: check.py [SOURCE_ROOT]   (default: CP_SOURCE_DIR, else two folders up)
With --self-test it also proves it can fail: it checks a planted reach-back
(render including compose/compose.h) and a foreign _int.h, and passes only
when both are refused.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
BEGIN = "<!-- include-table: begin -->"
END = "<!-- include-table: end -->"


def read_table(root):
    """{stage: set of folders it may include}, from docs/architecture.md."""
    path = os.path.join(root, "docs", "architecture.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        raise SystemExit("Bail out! %s has no include table (%s ... %s)" % (path, BEGIN, END))
    body = text[text.index(BEGIN) + len(BEGIN):text.index(END)]
    table = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("stage", "") or set(cells[0]) <= set("-: "):
            continue
        table[cells[0]] = {c.strip() for c in cells[1].split(",") if c.strip()}
    if not table:
        raise SystemExit("Bail out! the include table of %s is empty" % path)
    return table


def stage_of(rel):
    """The stage a path under src/ belongs to (src/main.c is cli's)."""
    parts = rel.split("/")
    if len(parts) == 2 and parts[1] == "main.c":
        return "cli"
    return parts[1] if len(parts) > 2 else None


def problems_of(rel, text, table, folders):
    """Every forbidden include of one file, as messages."""
    stage = stage_of(rel)
    allowed = table.get(stage, set())
    out = []
    for m in INCLUDE.finditer(text):
        inc = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        if "/" not in inc:
            continue  # cp_config.h (the build's), or a file beside this one
        folder = inc.split("/")[0]
        if folder not in folders:
            continue
        if folder != stage and folder not in allowed:
            out.append('%s:%d: %s may not include "%s" (docs/architecture.md allows: %s)'
                       % (rel, line, stage, inc, ", ".join(sorted(allowed)) or "nothing"))
        elif folder != stage and os.path.basename(inc).endswith("_int.h"):
            out.append('%s:%d: "%s" is private to src/%s/' % (rel, line, inc, folder))
    return out


def sources(root):
    src = os.path.join(root, "src")
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, root).replace(os.sep, "/"), path


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    self_test = "--self-test" in sys.argv
    root = args[0] if args else os.environ.get(
        "CP_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    table = read_table(root)
    src = os.path.join(root, "src")
    folders = {d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d))}
    files = sorted(sources(root))

    results = []
    missing = sorted(folders - set(table))
    results.append(("every folder of src/ has a row in the include table",
                    ["src/%s/ has no row" % d for d in missing]))
    for rel, path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        results.append(("includes of " + rel, problems_of(rel, text, table, folders)))
    if self_test:
        planted = '#include "render/render.h"\n#include "compose/compose.h"\n'
        got = problems_of("src/render/planted.c", planted, table, folders | {"compose"})
        results.append(("a planted reach-back (render -> compose) is refused",
                        [] if len(got) == 1 else ["not refused: %r" % got]))
        planted = '#include "typeset/typeset_int.h"\n'
        got = problems_of("src/compose/planted.c", planted, table, folders | {"typeset"})
        results.append(("another folder's _int.h is refused",
                        [] if len(got) == 1 else ["not refused: %r" % got]))

    print("1..%d" % len(results))
    failed = 0
    for n, (name, probs) in enumerate(results, 1):
        print("%s %d - %s" % ("not ok" if probs else "ok", n, name))
        for p in probs:
            print("# " + p)
        failed += bool(probs)
    if len(files) < 50:
        print("Bail out! only %d source files found under %s" % (len(files), src))
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
