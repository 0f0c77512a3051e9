#!/usr/bin/python3
"""End-to-end test: build content-samples/issue.yaml with canpress and check the
PDF with poppler-utils (pdfinfo, pdffonts, pdftotext) and qpdf.

Usage: run.py CANPRESS   (cwd tests/e2e; the repository root is $CP_SOURCE_DIR)

Prints TAP: one line per check, diagnostics as '# ' lines, exit 0 only when
every check passes. Outputs go to a temporary folder that is removed at the
end. PDFs are never compared with a stored file (CONTRIBUTING.md section 6): each check asks
one property of the output, and the two-build check compares two fresh builds.

The YAML of the issue, its articles and members is read with python3-yaml
(Debian package python3-yaml). meson may run this script with another
python3 than Debian's; when that one lacks yaml, the script re-executes
itself under /usr/bin/python3.
"""
import hashlib
import html
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402
from tap import Check, run, tool  # noqa: E402

try:
    import yaml
except ImportError:
    # meson's python3 (a pyenv or venv one) may lack yaml: retry once with
    # Debian's, which has it when python3-yaml is installed.
    SYSTEM = "/usr/bin/python3"
    if (os.path.exists(SYSTEM) and os.environ.get("CP_E2E_REEXEC") != "1"
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM)):
        os.environ["CP_E2E_REEXEC"] = "1"
        os.execv(SYSTEM, [SYSTEM, os.path.abspath(__file__)] + sys.argv[1:])
    print("Bail out! python3 module 'yaml' is missing: "
          "install the Debian package python3-yaml (apt-get install python3-yaml)")
    sys.exit(1)

BUILD_TIMEOUT = 240           # seconds per canpress run
A4 = (595.28, 841.89)         # trim size in points
A4_TOLERANCE = 0.1


# --- running canpress -----------------------------------------------------------

def canpress_build(binary, issue, out, threads=None):
    env = None
    if threads is not None:
        env = dict(os.environ, CANPRESS_THREADS=str(threads))
    return run([binary, "build", issue, "-o", out], timeout=BUILD_TIMEOUT, env=env)


LSAN_TABLE = re.compile(r"^(Suppressions used:|\s+count\s+bytes\s+template|\s+\d+\s+\d+\s+\S+"
                        r"|-{20,})$")


def without_lsan(text):
    """stderr without LeakSanitizer's table of suppressed leaks (ASan builds
    print it at exit: the counts are the libraries', not canpress's output)."""
    return "\n".join(l for l in text.splitlines() if not LSAN_TABLE.match(l))


def tail(text, n=15):
    return [l for l in text.strip().splitlines()[-n:]]


# --- reading the issue's YAML ---------------------------------------------------

def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def issue_sources(issue_path):
    """The issue's article files and member files, following contents: like
    docs/format.md says (paths relative to the issue file; a members entry is
    a folder, a list of files, or a mapping with 'path')."""
    base = os.path.dirname(os.path.abspath(issue_path))
    issue = load_yaml(issue_path)
    articles, members = [], []
    for entry in issue.get("contents") or []:
        if not isinstance(entry, dict):
            continue
        if "article" in entry:
            articles.append(os.path.join(base, entry["article"]))
        if "members" in entry:
            spec = entry["members"]
            if isinstance(spec, dict):
                spec = spec.get("path")
            if isinstance(spec, str):
                folder = os.path.join(base, spec)
                members += sorted(os.path.join(folder, n) for n in os.listdir(folder)
                                  if n.endswith(".yaml"))
            elif isinstance(spec, list):
                members += [os.path.join(base, p) for p in spec]
    return articles, members


def norm(s):
    """Text as compared: NFKC (full-width digits and spaces fold) without any
    whitespace, since the PDF breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


# --- reading the PDF ---------------------------------------------------------------

pdf_pages = tap.pdf_pages


def trim_boxes(pdf, n):
    """{page: (width, height)} of every page's TrimBox (pdfinfo prints the
    MediaBox there when a page has no TrimBox)."""
    out = tool(["pdfinfo", "-box", "-f", "1", "-l", str(n), pdf])
    boxes = {}
    for m in re.finditer(r"^Page\s+(\d+)\s+TrimBox:\s+([-\d.]+)\s+([-\d.]+)\s+"
                         r"([-\d.]+)\s+([-\d.]+)", out, re.M):
        x0, y0, x1, y1 = (float(v) for v in m.group(2, 3, 4, 5))
        boxes[int(m.group(1))] = (x1 - x0, y1 - y0)
    return boxes


pdf_fonts = tap.pdf_fonts


def page_texts(pdf):
    """The text of every page (pdftotext, reading order, -layout off);
    pages come separated by form feeds."""
    text = tool(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    pages = text.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    return pages


WORD_RE = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                     r'yMax="([-\d.]+)">(.*?)</word>', re.S)


def visual_rows(pdf, page):
    """The words of one page grouped into rows by their vertical centre
    (pdftotext -bbox-layout may put a title and its page number in separate
    blocks), each row a list of words in x order."""
    out = tool(["pdftotext", "-enc", "UTF-8", "-bbox-layout", "-f", str(page),
                "-l", str(page), pdf, "-"])
    words = []
    for m in WORD_RE.finditer(out):
        x0, y0, x1, y1 = (float(v) for v in m.group(1, 2, 3, 4))
        words.append(((y0 + y1) / 2, y1 - y0, x0, html.unescape(m.group(5))))
    words.sort()
    rows = []
    for yc, h, x0, w in words:
        if rows and abs(yc - rows[-1]["yc"]) <= 0.4 * max(h, rows[-1]["h"]):
            rows[-1]["words"].append((x0, w))
        else:
            rows.append({"yc": yc, "h": h, "words": [(x0, w)]})
    return [[w for _, w in sorted(r["words"])] for r in rows]


def number_near(words, title):
    """The page number printed with title among words (one row, or two rows
    when the title wraps): a word that is only digits, outside the title,
    nearest to it (before it, as in "03 Title", or after it, as in
    "Title ...... 3"). None when title is not there or has no number."""
    key = norm(title)
    spans, flat = [], ""
    for w in words:
        n = norm(w)
        spans.append((len(flat), len(flat) + len(n)))
        flat += n
    at = flat.find(key)
    if at < 0 or not key:
        return None
    inside = [i for i, (a, b) in enumerate(spans) if a < at + len(key) and b > at]
    first, last = inside[0], inside[-1]
    best = None
    for i, w in enumerate(words):
        digits = re.fullmatch(r"(?:p\.?|P\.?)?(\d{1,4})", norm(w).strip(".…・"))
        if first <= i <= last or not digits:
            continue
        dist = first - i if i < first else i - last
        if best is None or dist < best[0]:
            best = (dist, int(digits.group(1)))
    return best[1] if best else None


def toc_number(rows, title):
    """The page number printed with title on the TOC page (rows from
    visual_rows): looked for on the title's row, then on two rows joined when
    the title or its number wraps. None when not listed."""
    for row in rows:
        n = number_near(row, title)
        if n is not None:
            return n
    # only when no single row has it: a number of a neighbouring entry
    # must not win over the title's own
    for i in range(len(rows) - 1):
        n = number_near(rows[i] + rows[i + 1], title)
        if n is not None:
            return n
    return None


def format_label(style, n):
    """A page-label number in a /PageLabels style (PDF 32000 12.4.2)."""
    if style == "/D":
        return str(n)
    if style in ("/R", "/r"):
        vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out = ""
        for v, s in vals:
            while n >= v:
                out += s
                n -= v
        return out if style == "/R" else out.lower()
    if style in ("/A", "/a"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if style == "/A" else letter.lower()
    return ""


def page_labels(pdf, n):
    """The label of every page (1-based list index 0..n-1) from qpdf's JSON
    view of /PageLabels, or None when the PDF has none. qpdf reports the
    number tree's ranges; a page's label is its range's prefix plus the
    range's start number advanced to the page, in the range's style."""
    import json
    data = json.loads(tool(["qpdf", "--json=2", "--json-key=pagelabels", pdf]))
    ranges = data.get("pagelabels") or []
    if not ranges:
        return None
    ranges = sorted(ranges, key=lambda r: r["index"])
    labels = []
    for page in range(n):
        rng = None
        for r in ranges:
            if r["index"] <= page:
                rng = r
        if rng is None:
            labels.append(None)
            continue
        lab = rng.get("label") or {}
        prefix = lab.get("/P", "")
        if prefix.startswith("u:"):
            prefix = prefix[2:]
        number = lab.get("/St", 1) + page - rng["index"]
        labels.append(prefix + format_label(lab.get("/S"), number))
    return labels


# --- the checks -------------------------------------------------------------------

class E2E:
    def __init__(self, binary, source_dir, tmp):
        self.binary = binary
        self.source_dir = source_dir
        self.issue = os.path.join(source_dir, "content-samples", "issue.yaml")
        self.tmp = tmp
        self.pdf = os.path.join(tmp, "issue.pdf")
        self.built = False
        self._n = self._texts = self._toc = None

    def need_pdf(self):
        if not self.built:
            raise Check("no PDF: the build failed")

    def n(self):
        if self._n is None:
            self._n = pdf_pages(self.pdf)
        return self._n

    def texts(self):
        if self._texts is None:
            self._texts = page_texts(self.pdf)
        return self._texts

    # 1
    def build(self):
        p = canpress_build(self.binary, self.issue, self.pdf)
        if p.returncode != 0 or not os.path.isfile(self.pdf):
            raise Check("canpress build exited %d" % p.returncode, *tail(p.stderr))
        self.built = True

    # 2
    def pages_multiple_of_4(self):
        self.need_pdf()
        if self.n() % 4 != 0:
            raise Check("%d pages" % self.n())

    # 3
    def page_size(self):
        self.need_pdf()
        boxes = trim_boxes(self.pdf, self.n())
        if len(boxes) != self.n():
            raise Check("pdfinfo -box listed %d of %d pages" % (len(boxes), self.n()))
        bad = ["page %d trim %.2f x %.2f" % (p, w, h) for p, (w, h) in sorted(boxes.items())
               if abs(w - A4[0]) > A4_TOLERANCE or abs(h - A4[1]) > A4_TOLERANCE]
        if bad:
            raise Check("expected %.2f x %.2f" % A4, *bad[:10])

    # 4
    def fonts_embedded(self):
        self.need_pdf()
        rows = pdf_fonts(self.pdf)
        if not rows:
            raise Check("no fonts in the PDF")
        bad = ["%s emb=%s sub=%s" % (r.get("name"), r.get("emb"), r.get("sub"))
               for r in rows if r.get("emb") != "yes" or r.get("sub") != "yes"]
        if bad:
            raise Check("fonts not embedded as subsets:", *bad)

    # 5
    def font_families(self):
        self.need_pdf()
        names = [r.get("name", "") for r in pdf_fonts(self.pdf)]
        missing = [fam for fam in ("NotoSerifCJKjp", "NotoSansCJKjp")
                   if not any(re.match(r"^[A-Z]{6}\+%s-" % fam, n) for n in names)]
        if missing:
            raise Check("no subset of " + ", ".join(missing), "fonts: " + ", ".join(names))

    # 6
    def companies(self):
        self.need_pdf()
        _, members = issue_sources(self.issue)
        text = norm("".join(self.texts()))
        if not members:
            raise Check("the issue lists no member files")
        missing = []
        for path in members:
            company = load_yaml(path).get("company")
            if not company or norm(company) not in text:
                missing.append("%s: %s" % (os.path.basename(path), company))
        if missing:
            raise Check("companies missing from pdftotext:", *missing)

    # 7
    def titles(self):
        self.need_pdf()
        articles, _ = issue_sources(self.issue)
        text = norm("".join(self.texts()))
        missing = []
        for path in articles:
            title = load_yaml(path).get("title")
            if not title or norm(title) not in text:
                missing.append("%s: %s" % (os.path.basename(path), title))
        if missing:
            raise Check("article titles missing from pdftotext:", *missing)

    def toc_entries(self):
        """(title, printed number, first page after the TOC holding the
        title) for every article; computed once."""
        if self._toc is not None:
            return self._toc
        texts = self.texts()
        toc = next((i + 1 for i, t in enumerate(texts) if "目次" in t), None)
        if toc is None:
            raise Check("no page contains 目次")
        rows = visual_rows(self.pdf, toc)
        entries = []
        for path in issue_sources(self.issue)[0]:
            title = load_yaml(path)["title"]
            printed = toc_number(rows, title)
            first = next((i + 1 for i in range(toc, len(texts))
                          if norm(title) in norm(texts[i])), None)
            entries.append((title, printed, first))
        self._toc = (toc, entries)
        return self._toc

    # 8
    def toc_numbers(self):
        self.need_pdf()
        toc, entries = self.toc_entries()
        bad = []
        for title, printed, first in entries:
            if printed is None:
                bad.append("%s: not listed with a number on the TOC (page %d)" % (title, toc))
            elif printed != first:
                bad.append("%s: TOC says %d, first found on page %s" % (title, printed, first))
        if bad:
            raise Check(*bad)

    # 9
    def labels(self):
        self.need_pdf()
        labels = page_labels(self.pdf, self.n())
        if labels is None:
            raise Check("the PDF has no /PageLabels")
        if any(l is None for l in labels):
            raise Check("pages without a label: %s" %
                        [i + 1 for i, l in enumerate(labels) if l is None][:20])
        # the number a reader sees in the viewer is the one the TOC prints
        _, entries = self.toc_entries()
        bad = ["%s: TOC %s, label of page %d is %r" % (t, printed, first, labels[first - 1])
               for t, printed, first in entries
               if printed is not None and first is not None
               and labels[first - 1] != str(printed)]
        if bad:
            raise Check(*bad)

    # 10
    def reproducible(self):
        # the same bytes again, and on one thread or on two (CANPRESS_THREADS:
        # the writer subsets fonts on a worker thread beside the pages)
        self.need_pdf()
        paths = [self.pdf]
        for threads in (1, 2):
            again = os.path.join(self.tmp, "again-%d.pdf" % threads)
            p = canpress_build(self.binary, self.issue, again, threads)
            if p.returncode != 0:
                raise Check("build with CANPRESS_THREADS=%d exited %d" % (threads, p.returncode),
                            *tail(p.stderr))
            paths.append(again)
        digests = []
        for path in paths:
            with open(path, "rb") as f:
                digests.append(hashlib.sha256(f.read()).hexdigest())
        if len(set(digests)) != 1:
            raise Check("sha256 differ (default, CANPRESS_THREADS=1, 2): %s %s %s"
                        % tuple(digests))

    # 10b
    def threaded_cards_issue(self, broken):
        """tests/cards/issue copied into the temporary folder, with text that
        makes compose's jobs report: characters set in fallback fonts in an
        article and on a card, a web address too long for a card's line;
        broken: also unclosed notations (errors: nothing is written) and the
        cards shrunk to fit (overflow: shrink, CARD_SHRUNK notes)."""
        import shutil
        name = "cards-broken" if broken else "cards-fallback"
        d = os.path.join(self.tmp, name)
        shutil.copytree(os.path.join(self.source_dir, "tests", "cards", "issue"), d)

        def edit(rel, old, new):
            path = os.path.join(d, rel)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if old not in text:
                raise Check("%s: the fixture text %r moved" % (rel, old))
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))

        bad = "{ご相談|そうだん " if broken else "{ご相談|そうだん}"
        edit("members/asahi-denki.yaml", "まずはご相談ください。",
             "まずは%sください。ʬʭ ⅏ 𝔄𝔅 の文字も。" % bad)
        edit("members/asahi-denki.yaml", "catch: 直して使う、を当たり前に。",
             "catch: 直して使う、を{当|あ}たり前に。ʬ")
        edit("members/asahi-denki.yaml", "  tel: 06-0000-2201",
             "  tel: 06-0000-2201\n  url: https://asahi-denki.example.jp/shuri/"
             "eakon/reizouko/sentakuki/terebi/denshirenji/mimamori/denkyu/index.html")
        edit("articles/hajimeni.yaml", "暮らしにも商いにも、",
             "暮らしにも{商|あきな}いにも、ʬ𝔄 " + ("{壊れた|ルビ、" if broken else ""))
        if broken:
            with open(os.path.join(self.source_dir, "layouts", "a4-yoko.yaml"),
                      encoding="utf-8") as f:
                layout = f.read()
            if "overflow: fit" not in layout:
                raise Check("layouts/a4-yoko.yaml has no 'overflow: fit' to change")
            with open(os.path.join(d, "shrink.yaml"), "w", encoding="utf-8") as f:
                f.write(layout.replace("overflow: fit", "overflow: shrink", 1))
            edit("issue.yaml", "layout: a4-yoko", "layout: shrink.yaml")
        return name, os.path.join(d, "issue.yaml")

    def threads_identical(self):
        # compose on one thread and on two (CANPRESS_THREADS: a second
        # typesetter composes articles' paragraphs and member cards,
        # compose/par.c): the same PDF bytes and the same diagnostics, for
        # the sample, the sample on the vertical layout, and an issue of 23
        # member cards whose jobs report fallbacks, shortened lines,
        # notation errors and shrunk cards; `check` reports the same
        cases = [("sample", self.issue, [], 0),
                 ("b5-tate", self.issue, ["--layout", "b5-tate"], 0),
                 # the print PDF: overprint, marks and hidden folios are
                 # made in the pages' jobs on either thread (pdf/pdf.c)
                 ("press", self.issue, ["--press"], 0)]
        for broken in (False, True):
            name, issue = self.threaded_cards_issue(broken)
            cases.append((name, issue, [], 1 if broken else 0))
        problems = []
        for name, issue, extra, status in cases:
            got = []
            for threads in (1, 2):
                env = dict(os.environ, CANPRESS_THREADS=str(threads))
                out = os.path.join(self.tmp, "threads-%s-%d.pdf" % (name, threads))
                b = run([self.binary, "build", *extra, issue, "-o", out],
                        timeout=BUILD_TIMEOUT, env=env)
                # (check has no --press: it checks the same issue)
                c = run([self.binary, "check", *[a for a in extra if a != "--press"], issue],
                        timeout=BUILD_TIMEOUT, env=env)
                if b.returncode != status:
                    problems.append("%s: build with CANPRESS_THREADS=%d exited %d, expected %d"
                                    % (name, threads, b.returncode, status))
                    problems += tail(b.stderr, 5)
                    continue
                pdf = None
                if status == 0:
                    with open(out, "rb") as f:
                        pdf = hashlib.sha256(f.read()).hexdigest()
                # the last line names the output file; a sanitizer build's
                # LeakSanitizer adds its table of suppressed leaks
                diags = without_lsan(b.stderr.replace(out, "OUT"))
                got.append((pdf, diags, c.returncode, c.stdout, without_lsan(c.stderr)))
            if len(got) != 2:
                continue
            (p1, d1, r1, o1, e1), (p2, d2, r2, o2, e2) = got
            if p1 != p2:
                problems.append("%s: PDFs differ on one and two threads: %s %s" % (name, p1, p2))
            if d1 != d2:
                problems.append("%s: build diagnostics differ on one and two threads" % name)
                problems += ["1: " + l for l in tail(d1, 4)] + ["2: " + l for l in tail(d2, 4)]
            if (r1, o1, e1) != (r2, o2, e2):
                problems.append("%s: check differs on one and two threads" % name)
            # the fixture must make compose's jobs report what it is meant to
            for code in (["font-fallback", "symbol-fallback", "shortened"] if name.startswith(
                    "cards") else []) + (["notation", "card-shrunk"] if name == "cards-broken"
                                         else []):
                if "[%s]" % code not in d1:
                    problems.append("%s: no [%s] diagnostic: the fixture no longer tests it"
                                    % (name, code))
        if problems:
            raise Check(*problems)

    # 11
    def failing_build(self):
        bad_issue = os.path.join(self.tmp, "broken.yaml")
        with open(bad_issue, "w", encoding="utf-8") as f:
            # 'magazine' is required (docs/format.md, issue.yaml)
            f.write("number: 1\ndate: 2026-12-01\npublisher: 絆餐会\n"
                    "contents:\n  - toc\n")
        out = os.path.join(self.tmp, "kept.pdf")
        dummy = b"not a PDF: must survive a failing build\n"
        with open(out, "wb") as f:
            f.write(dummy)
        p = canpress_build(self.binary, bad_issue, out)
        problems = []
        if p.returncode != 1:
            problems.append("exit status %d, expected 1" % p.returncode)
        if "error:" not in p.stderr:
            problems.append("no 'error:' on stderr")
        if "magazine" not in p.stderr:
            problems.append("stderr does not name the missing key 'magazine'")
        with open(out, "rb") as f:
            if f.read() != dummy:
                problems.append("the existing output file was changed")
        leftovers = [n for n in os.listdir(self.tmp) if n.startswith("kept.pdf")
                     and n != "kept.pdf"]
        if leftovers:
            problems.append("temporary files left: %s" % leftovers)
        if problems:
            raise Check(*problems, *["stderr: " + l for l in tail(p.stderr, 5)])


CHECKS = [
    ("build", "canpress build content-samples/issue.yaml exits 0"),
    ("pages_multiple_of_4", "page count is a multiple of 4"),
    ("page_size", "every page's trim is A4 (595.28 x 841.89 pt)"),
    ("fonts_embedded", "pdffonts: every font embedded and subset"),
    ("font_families", "pdffonts: NotoSerifCJKjp and NotoSansCJKjp subsets present"),
    ("companies", "pdftotext contains every member's company"),
    ("titles", "pdftotext contains every article's title"),
    ("toc_numbers", "TOC page numbers point at each article's first page"),
    ("labels", "page labels exist and match the TOC numbers"),
    ("reproducible", "builds give byte-identical PDFs, on one thread or two"),
    ("threads_identical", "composed on one thread or two: the same PDF, diagnostics and "
     "check (sample, b5-tate, cards with fallbacks, errors, shrinking)"),
    ("failing_build", "a broken issue exits 1 with error: and keeps the old output"),
]


def main():
    binary = tap.canpress_arg()
    source_dir = tap.SOURCE_DIR
    # standalone runs get the same private font setup meson gives
    tap.setup_env()

    with tempfile.TemporaryDirectory(prefix="cp-e2e-") as tmp:
        return tap.run_checks(E2E(binary, source_dir, tmp), CHECKS,
                              errors=(subprocess.TimeoutExpired, OSError, KeyError,
                                      ValueError, yaml.YAMLError))


if __name__ == "__main__":
    sys.exit(main())
