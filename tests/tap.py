"""tap.py - what the Python test drivers (tests/<suite>/run.py) share:
TAP output, the fixed environment, running canpress and the poppler/qpdf
tools with a hang guard, canpress's CPU time and peak memory, and small PDF
helpers. A driver does

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import tap

and then either collects results into a tap.Suite, or runs a list of named
checks with tap.run_checks. Checks fail by raising tap.Check (its lines
become TAP diagnostics). CONTRIBUTING.md section 6 has the rules every test
follows: properties, not byte-compared PDFs; no assertion on wall time."""
import os
import re
import struct
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("CP_SOURCE_DIR") or os.path.dirname(HERE)


class Check(Exception):
    """A failed check: the message lines become TAP diagnostics."""

    def __init__(self, *lines):
        super().__init__("\n".join(str(l) for l in lines))
        self.lines = lines


def setup_env():
    """The environment meson gives every test, for drivers run by hand:
    C.UTF-8, UTC and the project's private fontconfig."""
    os.environ.setdefault("FONTCONFIG_FILE", os.path.join(SOURCE_DIR, "fonts", "fonts.conf"))
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    os.environ.setdefault("TZ", "UTC")
    os.environ.setdefault("CP_SOURCE_DIR", SOURCE_DIR)


def canpress_arg(usage="run.py CANPRESS"):
    """The canpress binary from argv[1] (absolute), or exit 2 with usage."""
    if len(sys.argv) < 2:
        print("usage: " + usage, file=sys.stderr)
        sys.exit(2)
    return os.path.abspath(sys.argv[1])


def diag_lines(text):
    """Text as TAP diagnostic lines."""
    return ["# " + l for l in str(text).splitlines()]


class Suite:
    """TAP results collected in order, printed at the end (the plan first):
    add(ok, name, *diagnostics), skip(name, reason); finish() prints and
    returns the exit status (1 when anything failed)."""

    def __init__(self):
        self.results = []

    def add(self, ok, name, *info):
        self.results.append((bool(ok), name, None, info))
        return ok

    def skip(self, name, reason):
        self.results.append((True, name, reason, ()))

    def check(self, name, fn, *args):
        """Runs fn(*args); a Check it raises is a failure with its lines."""
        try:
            fn(*args)
            return self.add(True, name)
        except Check as c:
            return self.add(False, name, *c.lines)

    def finish(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, name, skip, info) in enumerate(self.results, 1):
            if skip is not None:
                print("ok %d - %s # SKIP %s" % (i, name, skip))
                continue
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
            if not ok:
                failed += 1
                for line in info:
                    for l in diag_lines(line):
                        print(l)
        sys.stdout.flush()
        return 1 if failed else 0


def run_checks(obj, checks, errors=(subprocess.TimeoutExpired, OSError, KeyError, ValueError)):
    """Runs obj.<name>() for each (name, description) in checks as one TAP
    line each, printed as it goes; a Check, or one of errors, is a failure.
    Returns the exit status."""
    print("1..%d" % len(checks))
    failed = 0
    for i, (name, desc) in enumerate(checks, 1):
        try:
            getattr(obj, name)()
            print("ok %d - %s" % (i, desc))
        except Check as c:
            failed += 1
            print("not ok %d - %s" % (i, desc))
            for line in c.lines:
                for l in diag_lines(line):
                    print(l)
        except errors as e:
            failed += 1
            print("not ok %d - %s" % (i, desc))
            print("# %s: %s" % (type(e).__name__, e))
        sys.stdout.flush()
    return 1 if failed else 0


# --- running programs ---------------------------------------------------------

def run(args, timeout=120, **kw):
    """Runs a command, returning the CompletedProcess (text mode, UTF-8,
    undecodable bytes replaced). timeout is a hang guard, never a check."""
    return subprocess.run(args, capture_output=True, timeout=timeout, text=True,
                          encoding="utf-8", errors="replace", **kw)


def tool(args, **kw):
    """Runs a poppler or qpdf tool and returns its stdout; a non-zero exit
    is a Check with the end of its stderr."""
    p = run(args, **kw)
    if p.returncode != 0:
        raise Check("%s exited %d" % (" ".join(args), p.returncode),
                    *p.stderr.strip().splitlines()[-5:])
    return p.stdout


def run_limited(argv, cwd=None, env=None, stdin=None, hang_guard=60.0):
    """Runs argv with stdout discarded; returns (exit status, stderr text,
    CPU seconds, peak KB) of that child, from wait4's rusage. The bound a
    caller checks is CPU time: wall time on a shared machine measures the
    machine. hang_guard (wall seconds) only kills a child that hangs."""
    import signal
    import tempfile
    with tempfile.TemporaryFile() as err, open(os.devnull, "rb") as nul:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin or nul,
                                stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + hang_guard
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                proc.send_signal(signal.SIGKILL)
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return proc.returncode, stderr, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def sanitizer_report(text):
    """True when stderr carries an ASan, LSan, UBSan or valgrind report."""
    return re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|==\d+== ", text) is not None


# --- PDFs -------------------------------------------------------------------------

def pdf_pages(pdf):
    """Number of pages (pdfinfo)."""
    m = re.search(r"^Pages:\s+(\d+)", tool(["pdfinfo", pdf]), re.M)
    if not m:
        raise Check("pdfinfo printed no page count for " + pdf)
    return int(m.group(1))


def pdf_boxes(pdf, page=1):
    """{'MediaBox': (x0, y0, x1, y1), 'TrimBox': ..., ...} of one page
    (pdfinfo -box)."""
    out = tool(["pdfinfo", "-box", "-f", str(page), "-l", str(page), pdf])
    boxes = {}
    for m in re.finditer(r"^Page\s+\d+\s+(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)",
                         out, re.M):
        boxes[m.group(1)] = tuple(float(m.group(i)) for i in range(2, 6))
    return boxes


def pdf_fonts(pdf):
    """Rows of pdffonts as dicts keyed by its header ("name", "type",
    "emb", ...); columns are cut where the dashed rule under the header has
    its gaps, so names with spaces survive."""
    lines = tool(["pdffonts", pdf]).splitlines()
    if len(lines) < 2:
        raise Check("pdffonts printed no table")
    header, rule = lines[0], lines[1]
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    names = [header[a:b].strip() for a, b in spans]
    rows = []
    for line in lines[2:]:
        cells = [line[a:b if i + 1 < len(spans) else None].strip()
                 for i, (a, b) in enumerate(spans)]
        rows.append(dict(zip(names, cells)))
    return rows


def pdf_text(pdf, first=None, last=None, raw=False):
    """pdftotext's text of the document (or pages first..last)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if raw:
        args.append("-raw")
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    return tool(args + [pdf, "-"])


def near(a, b, tol=0.05):
    return abs(a - b) <= tol


# --- images -------------------------------------------------------------------------

def png_chunk(kind, data):
    """One PNG chunk: length, kind, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png(path, w, h, rgb=(90, 140, 200)):
    """A flat w x h RGB PNG of one colour (a photo of known pixel size)."""
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


# --- display lists -------------------------------------------------------------------

# `canpress dump --stage=dl`, as src/displist/dump.c writes it: the font
# table, then per page its items, one a line.
DL_GLYPHS = re.compile(r'^\s+glyphs f(\d+) x=(\S+) y=(\S+) w=(\S+) color=\S+ n=\d+'
                       r'(?: vertical| rotated| tcy)? '
                       r'("(?:[^"\\]|\\.)*")(?: line=(\w+) measure=(\S+)\.\.(\S+) hang=(\S+))?')
# a run of a vertical line (displist.h): upright, turned or tate-chu-yoko
DL_ORIENT = re.compile(r'^\s+glyphs .*? n=\d+ (?:vertical|rotated|tcy) "')
DL_FONT = re.compile(r'^\s+f(\d+) (.*) (\d+) ([\d.]+)pt ')
DL_RECT = re.compile(r'^\s+rect \(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\) fill=(\S+) (.*)$')
DL_RULE = re.compile(r'^\s+rule \(([-\d.]+),([-\d.]+)\)-\(([-\d.]+),([-\d.]+)\) w=(\S+) '
                     r'color=(\S+)')
DL_OUTLINE = re.compile(r'^\s+outline (\d+) ("(?:[^"\\]|\\.)*")')


def dl_unquote(s):
    """The dump's quoted text: "..." with \\" \\\\ \\n \\t escapes."""
    out = []
    i = 1
    while i < len(s) - 1:
        c = s[i]
        if c == "\\" and i + 1 < len(s) - 1:
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def parse_dl(text):
    """The font table {index: (family, weight, size pt)} and the pages, each
    {"runs", "rects", "rules", "outlines"}. A run is a dict of font, x, y,
    w, text, vertical (a run of a vertical line, whose x is across the
    page and y, w and the measure down it), and, when the dump gives the line's flags (line=...), just,
    broken, x0, x1 (the measure) and hang; a rect of x, y, w, h, fill and
    the rest of its line; a rule of x0, y0, x1, y1, w and color; an
    outline entry a (level, title) pair."""
    fonts = {}
    pages = []
    for line in text.splitlines():
        if line.startswith("page "):
            pages.append({"runs": [], "rects": [], "rules": [], "outlines": []})
            continue
        m = DL_GLYPHS.match(line)
        if m and pages:
            flags = m.group(6) or ""
            run_ = {"font": int(m.group(1)), "x": float(m.group(2)), "y": float(m.group(3)),
                    "w": float(m.group(4)), "text": dl_unquote(m.group(5)),
                    "just": "j" in flags, "broken": "b" in flags,
                    "vertical": DL_ORIENT.match(line) is not None}
            if m.group(6) is not None:
                run_["x0"] = float(m.group(7))
                run_["x1"] = float(m.group(8))
                run_["hang"] = float(m.group(9))
            pages[-1]["runs"].append(run_)
            continue
        m = DL_RECT.match(line)
        if m and pages:
            pages[-1]["rects"].append({"x": float(m.group(1)), "y": float(m.group(2)),
                                       "w": float(m.group(3)), "h": float(m.group(4)),
                                       "fill": m.group(5), "rest": m.group(6)})
            continue
        m = DL_RULE.match(line)
        if m and pages:
            pages[-1]["rules"].append({"x0": float(m.group(1)), "y0": float(m.group(2)),
                                       "x1": float(m.group(3)), "y1": float(m.group(4)),
                                       "w": float(m.group(5)), "color": m.group(6)})
            continue
        m = DL_OUTLINE.match(line)
        if m and pages:
            pages[-1]["outlines"].append((int(m.group(1)), dl_unquote(m.group(2))))
            continue
        m = DL_FONT.match(line)
        if m and not pages:
            fonts[int(m.group(1))] = (m.group(2), int(m.group(3)), float(m.group(4)))
    return fonts, pages
