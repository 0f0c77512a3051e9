#!/usr/bin/env python3
"""Every message canpress can print has its Japanese translation (the
project keeps every message translated; po/update-pot extracts them).

  1. po/POTFILES lists every file under src/ that holds a translatable
     string (a call of _, N_, g_dgettext, cp_diag_add, cp_diag_set_note,
     cp_ts_diag_once, say, cp_press_reader_error or error_at), and only
     files that exist;
  2. po/update-pot, run on a copy of po/ and src/, leaves po/ja.po with no
     untranslated and no fuzzy message: a message added to the sources
     without its entry in po/ja.po fails here, named;
  3. msgfmt --check accepts po/ja.po as it is (formats match their msgids).

Usage: translations.py [SOURCE_ROOT]. Prints TAP. Needs gettext (xgettext,
msgmerge, msgfmt, msgcat, msgattrib), which scripts/setup installs."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CALLS = re.compile(r"(?<![\w])(?:_|N_|g_dgettext|cp_diag_add|cp_diag_set_note|cp_ts_diag_once|"
                   r"say|cp_press_reader_error|error_at)\s*\(")
results = []


def check(name, ok, *diag):
    results.append((name, bool(ok), diag))


def tool(args, cwd=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=300)


def msgids(po_text):
    """The msgids of the active (not obsolete) entries of a catalogue text."""
    out = []
    for block in po_text.split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if m:
            out.append("".join(re.findall(r'"(.*)"', m.group(1))))
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "CP_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    listed = [l.strip() for l in open(os.path.join(root, "po", "POTFILES"), encoding="utf-8")
              if l.strip() and not l.startswith("#")]
    missing = [f for f in listed if not os.path.isfile(os.path.join(root, f))]
    unlisted = []
    for d, _, fs in os.walk(os.path.join(root, "src")):
        for f in sorted(fs):
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            if not f.endswith(".c") or rel in listed:
                continue
            text = open(path, encoding="utf-8").read()
            # a call, not the definition of one of the functions
            for m in CALLS.finditer(text):
                line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.start())]
                if not re.match(r"^(static |#define |\w[\w *]* \**)\w+\s*\(", line):
                    unlisted.append("%s:%d: %s" % (rel, text.count("\n", 0, m.start()) + 1,
                                                   line.strip()))
                    break
    check("po/POTFILES lists every source file with a translatable string",
          not missing and not unlisted,
          *(["listed but missing: " + f for f in missing] +
            ["not listed: " + u for u in unlisted]))

    need = ["xgettext", "msgmerge", "msgfmt", "msgcat", "msgattrib"]
    absent = [t for t in need if shutil.which(t) is None]
    if absent:
        check("gettext is installed (scripts/setup)", False, "missing: " + " ".join(absent))
    else:
        with tempfile.TemporaryDirectory(prefix="cp-po-") as tmp:
            shutil.copytree(os.path.join(root, "po"), os.path.join(tmp, "po"))
            shutil.copytree(os.path.join(root, "src"), os.path.join(tmp, "src"))
            p = tool(["sh", os.path.join(tmp, "po", "update-pot")], cwd=tmp)
            if p.returncode != 0:
                check("po/update-pot runs", False, p.stderr[-1500:])
            else:
                ja = os.path.join(tmp, "po", "ja.po")
                untr = tool(["msgattrib", "--untranslated", "--no-obsolete", ja]).stdout
                fuzzy = tool(["msgattrib", "--only-fuzzy", "--no-obsolete", ja]).stdout
                bad = [m for m in msgids(untr) if m] + ["(fuzzy) " + m for m in msgids(fuzzy)
                                                         if m]
                n = len([m for m in msgids(open(os.path.join(tmp, "po", "canpress.pot"),
                                                encoding="utf-8").read()) if m])
                check("every one of the %d messages of the sources has its Japanese in "
                      "po/ja.po" % n, n > 100 and not bad,
                      *["untranslated: " + m for m in bad[:40]])
        p = tool(["msgfmt", "--check", "--statistics", "-o", os.devnull,
                  os.path.join(root, "po", "ja.po")])
        check("msgfmt --check accepts po/ja.po (%s)" % p.stderr.strip(), p.returncode == 0,
              p.stderr[-1500:])

    print("1..%d" % len(results))
    for k, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, name))
        if not ok:
            for d in diag:
                for ln in str(d).splitlines()[:40]:
                    print("# " + ln)
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
