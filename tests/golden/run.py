#!/usr/bin/env python3
"""Golden tests: each folder here with an issue.yaml is dumped with
`canpress dump --stage=model|runs|dl` and compared with its expected.<stage>
files. CP_UPDATE_GOLDEN=1 rewrites them (read the diff before committing).
The dumps must not depend on the locale: the dl dump runs again under a
comma-decimal locale when one is installed."""
import difflib
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402

CANPRESS = tap.canpress_arg()
HERE = os.path.dirname(os.path.abspath(__file__))
UPDATE = os.environ.get("CP_UPDATE_GOLDEN") == "1"
DATADIR = os.environ.get("CANPRESS_DATADIR") or os.environ.get("CP_SOURCE_DIR") or \
    os.path.dirname(os.path.dirname(HERE))
STAGES = ["model", "runs", "dl"]

suite = tap.Suite()


def dump(case, stage, env=None):
    p = subprocess.run([CANPRESS, "dump", "--stage=" + stage, "issue.yaml"],
                       cwd=case, capture_output=True, text=True, env=env, timeout=120)
    # installed layouts are named by absolute path: make the dump independent
    # of where the checkout is
    out = p.stdout.replace(DATADIR + "/", "<datadir>/")
    return p.returncode, out, p.stderr


def comma_locale():
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        return None
    for name in ("de_DE.utf8", "fr_FR.utf8", "de_DE.UTF-8", "fr_FR.UTF-8"):
        if name in out.split():
            return name
    return None


cases = sorted(d for d in os.listdir(HERE)
               if os.path.isfile(os.path.join(HERE, d, "issue.yaml")))
for name in cases:
    case = os.path.join(HERE, name)
    for stage in STAGES:
        expected_path = os.path.join(case, "expected." + stage)
        rc, out, err = dump(case, stage)
        desc = "%s --stage=%s" % (name, stage)
        if rc != 0:
            suite.add(False, desc, "exit %d\n%s" % (rc, err))
            continue
        if UPDATE:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(out)
        if not os.path.exists(expected_path):
            suite.add(False, desc, "no %s (run with CP_UPDATE_GOLDEN=1)" % expected_path)
            continue
        with open(expected_path, encoding="utf-8") as f:
            want = f.read()
        diff = "".join(difflib.unified_diff(want.splitlines(True), out.splitlines(True),
                                            "expected." + stage, "actual", n=2))
        suite.add(out == want, desc, diff[:4000])
    loc = comma_locale()
    if loc is None:
        suite.skip("%s dl under a comma-decimal locale" % name,
                   "no de_DE/fr_FR locale installed (scripts/setup generates de_DE)")
    else:
        env = dict(os.environ, LC_ALL=loc)
        rc, out, err = dump(case, "dl", env)
        with open(os.path.join(case, "expected.dl"), encoding="utf-8") as f:
            want = f.read()
        suite.add(rc == 0 and out == want, "%s dl under %s" % (name, loc), err)

sys.exit(suite.finish())
