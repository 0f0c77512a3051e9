#!/usr/bin/env python3
"""Comments and documents cite files of this repository, or a public
standard by name and section (CONTRIBUTING.md section 7): no citation of the
design notes that lived outside it (DESIGN.md, STYLE.md, JLREQ.md,
research/*.md). Their content is in docs/architecture.md, CONTRIBUTING.md,
docs/jlreq-rules.md, docs/prepress.md and docs/pango-notes.md.

Usage: citations.py [SOURCE_ROOT]. Prints TAP, one line per folder checked."""
import os
import re
import subprocess
import sys

OUTSIDE = re.compile(r"\b(DESIGN\.md|STYLE\.md|JLREQ\.md|research/[\w.-]+\.md|pango-spike\.md)")
WHERE = {"DESIGN.md": "docs/architecture.md", "STYLE.md": "CONTRIBUTING.md",
         "JLREQ.md": "docs/jlreq-rules.md"}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "CP_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    folders = ["src", "tests", "bench", "docs", "scripts", "layouts", "README.md",
               "CONTRIBUTING.md", "meson.build"]
    me = os.path.relpath(os.path.abspath(__file__), os.path.abspath(root))
    print("1..%d" % len(folders))
    failed = 0
    for i, folder in enumerate(folders, 1):
        path = os.path.join(root, folder)
        found = []
        files = [path] if os.path.isfile(path) else [
            os.path.join(d, f) for d, _, fs in os.walk(path) for f in sorted(fs)]
        for f in files:
            rel = os.path.relpath(f, root)
            if rel == me or "/corpus/" in rel or not rel.endswith(
                    (".c", ".h", ".py", ".md", ".build", ".txt", ".yaml", ".def", "")):
                continue
            try:
                with open(f, encoding="utf-8") as fh:
                    text = fh.read()
            except (UnicodeDecodeError, OSError):
                continue
            for m in OUTSIDE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                name = m.group(1)
                instead = WHERE.get(name, "docs/prepress.md or docs/pango-notes.md")
                found.append("%s:%d: cites %s, which is not in the repository (cite %s)"
                             % (rel, line, name, instead))
        print("%s %d - %s cites only files of the repository" % ("not ok" if found else "ok", i, folder))
        for f in found:
            print("# " + f)
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
