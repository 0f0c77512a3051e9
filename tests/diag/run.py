#!/usr/bin/env python3
"""The diag suite: each folder here is one malformed issue. Runs
`canpress check issue.yaml` with the case folder as the working directory and
compares standard error with expected.diag exactly, and the exit status with
what expected.diag implies (1 when it holds an error, else 0). Prints TAP.

Usage: run.py CANPRESS   (cwd: tests/diag). CP_UPDATE_GOLDEN=1 rewrites the
expected.diag files from canpress's output: read the diff before committing."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402


def expected_status(text):
    for line in text.splitlines():
        if ": error: " in line or ": fatal error: " in line or line.startswith("canpress: too many"):
            return 1
    return 0


def main():
    canpress = tap.canpress_arg()
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sorted(d for d in os.listdir(here)
                   if os.path.isfile(os.path.join(here, d, "issue.yaml")))
    update = os.environ.get("CP_UPDATE_GOLDEN") == "1"
    # in a sanitizer build, LeakSanitizer would list the suppressions it used
    # (tests/lsan.supp) on stderr; that list is not canpress's output
    env = dict(os.environ)
    lsan = env.get("LSAN_OPTIONS", "")
    env["LSAN_OPTIONS"] = (lsan + ":" if lsan else "") + "print_suppressions=0"
    suite = tap.Suite()
    for case in cases:
        folder = os.path.join(here, case)
        exp_path = os.path.join(folder, "expected.diag")
        try:
            proc = tap.run([canpress, "check", "issue.yaml"], cwd=folder, timeout=60, env=env)
        except subprocess.TimeoutExpired:
            suite.add(False, case, "timed out (hang guard, 60 s)")
            continue
        got = proc.stderr
        if update:
            with open(exp_path, "w", encoding="utf-8") as f:
                f.write(got)
        try:
            with open(exp_path, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            want = None
        problems = []
        if want is None:
            problems.append("no expected.diag")
        elif got != want:
            problems.append("stderr differs")
        elif proc.returncode != expected_status(want):
            problems.append("exit status %d, expected %d"
                            % (proc.returncode, expected_status(want)))
        if problems:
            suite.add(False, "%s # %s" % (case, "; ".join(problems)),
                      "--- expected\n" + (want or "") + "--- got\n" + got)
        else:
            suite.add(True, case)
    return suite.finish()

if __name__ == "__main__":
    sys.exit(main())
