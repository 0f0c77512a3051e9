#!/usr/bin/env python3
"""The vertical suite (issue 14 point 1): vertical type areas and right
binding, checked on what canpress makes.

- the sample issue builds on layouts/b5-tate.yaml (--layout), its PDF says
  it reads right to left (/ViewerPreferences /Direction /R2L) and the
  left-bound build does not;
- page order right to left: every page of the right-bound issue has its
  folio at the outer edge of the side it is printed on (page 1 a left-hand
  page, page 2 the right-hand page of the first spread, ...), from the
  display list, and the left-bound build the other way round;
- imposition of the right-bound booklet with no --binding: which page is
  on which half of which sheet side, read back with poppler (the words of
  each half against the words of each page of the issue).

Usage: run.py CANPRESS (meson runs it with the fixed environment)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402
from tap import Check  # noqa: E402

SAMPLE = os.path.join(tap.SOURCE_DIR, "content-samples", "issue.yaml")


def dl_pages(text):
    """The display list dump as pages: (label, width, height, items)."""
    pages = []
    for line in text.splitlines():
        m = re.match(r'page \d+ label "([^"]*)" ([\d.]+)x([\d.]+)', line)
        if m:
            pages.append((m.group(1), float(m.group(2)), float(m.group(3)), []))
        elif pages and line.startswith("  "):
            pages[-1][3].append(line.strip())
    return pages


def glyph_runs(items):
    """(x, y, text, vertical) of every glyph run of a page."""
    runs = []
    for it in items:
        m = re.match(r'glyphs f\d+ x=([-\d.]+) y=([-\d.]+) .*?"(.*)"$', it)
        if m:
            runs.append((float(m.group(1)), float(m.group(2)), m.group(3), "vertical" in it))
    return runs


def words_by_page(pdf):
    """Each page's words (pdftotext -bbox) as a list of (xMin, text)."""
    out = tap.tool(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"])
    pages = []
    for chunk in out.split("<page ")[1:]:
        pages.append([(float(x), w) for x, w in
                      re.findall(r'<word xMin="([-\d.]+)"[^>]*>([^<]*)</word>', chunk)])
    return pages


class Vertical:
    def __init__(self, canpress, tmp):
        self.bin = canpress
        self.tmp = tmp
        self.b5 = os.path.join(tmp, "b5.pdf")
        self.a4 = os.path.join(tmp, "a4.pdf")

    def canpress(self, *args):
        p = tap.run([self.bin] + list(args), timeout=300)
        if p.returncode != 0:
            raise Check("canpress %s: exit %d" % (" ".join(args), p.returncode),
                        *p.stderr.strip().splitlines()[-8:])
        return p.stdout

    def builds(self):
        self.canpress("build", SAMPLE, "--layout", "b5-tate", "-o", self.b5)
        self.canpress("build", SAMPLE, "-o", self.a4)
        n = tap.pdf_pages(self.b5)
        if n % 4 != 0:
            raise Check("the right-bound sample has %d pages, not a multiple of 4" % n)
        box = tap.pdf_boxes(self.b5)["MediaBox"]
        if not (tap.near(box[2] - box[0], 182 * 72 / 25.4, 0.5)
                and tap.near(box[3] - box[1], 257 * 72 / 25.4, 0.5)):
            raise Check("b5-tate pages are %s, not B5" % (box,))
        for pdf, want in ((self.b5, True), (self.a4, False)):
            raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                                 capture_output=True, timeout=120).stdout
            has = b"/Direction /R2L" in raw
            if has != want:
                raise Check("%s: /Direction /R2L %s" % (os.path.basename(pdf),
                                                       "missing" if want else "present"))

    def page_sides(self):
        for layout, right in (("b5-tate", True), ("a4-yoko", False)):
            dump = self.canpress("dump", "--layout", layout, SAMPLE)
            checked = 0
            for i, (label, w, h, items) in enumerate(dl_pages(dump)):
                runs = [r for r in glyph_runs(items) if r[2] == label]
                if not runs or not label.isdigit():
                    continue
                x, y, _, _ = max(runs, key=lambda r: r[1])  # the folio: the lowest
                recto = i % 2 == 0
                # a recto is a right-hand page when bound on the left, a
                # left-hand page when bound on the right; the folio sits at
                # the outer edge, away from the binding
                left_hand = recto == right
                if (x < w / 2) != left_hand:
                    raise Check("%s: page %d (%s-hand) has its folio at x=%.2f of %.2f"
                                % (layout, i + 1, "left" if left_hand else "right", x, w))
                checked += 1
            if checked < 10:
                raise Check("%s: only %d folios found" % (layout, checked))

    def imposition(self):
        if not os.path.exists(self.b5):
            self.builds()
        out = os.path.join(self.tmp, "booklet.pdf")
        self.canpress("impose", self.b5, "-o", out)  # no --binding: the PDF says R2L
        src = words_by_page(self.b5)
        n = len(src)
        sides = words_by_page(out)
        if len(sides) != n // 2:
            raise Check("%d sheet sides for %d pages" % (len(sides), n))
        half = float(re.search(r"Page size:\s+([\d.]+)", tap.tool(["pdfinfo", out])).group(1)) / 2
        checked = 0
        for s, words in enumerate(sides):
            sheet = s // 2
            # right binding, 1-based: front (2s+1 | n-2s), back (n-2s-1 | 2s+2)
            if s % 2 == 0:
                want = (2 * sheet + 1, n - 2 * sheet)
            else:
                want = (n - 2 * sheet - 1, 2 * sheet + 2)
            for k, page in enumerate(want):
                # the characters, not the words: pdftotext may cut a line
                # into words differently on the sheet
                got = "".join(sorted("".join(w for x, w in words if (x >= half) == (k == 1))))
                exp = "".join(sorted("".join(w for _, w in src[page - 1])))
                if got != exp:
                    raise Check("sheet side %d, %s half: not page %d" %
                                (s + 1, "right" if k else "left", page),
                                "got %s" % got[:40], "want %s" % exp[:40])
                checked += bool(exp)
        if checked < n // 2:
            raise Check("only %d of %d page halves had text to compare" % (checked, n))


CHECKS = [
    ("builds", "the sample builds on b5-tate (--layout): B5, pages a multiple of 4, "
               "/Direction /R2L only when bound on the right"),
    ("page_sides", "page order right to left: each page's folio on the outer edge of its "
                   "printed side (b5-tate and a4-yoko)"),
    ("imposition", "impose folds a right-bound issue right to left by itself: every page "
                   "on its half of its sheet side (pdftotext)"),
]


def main():
    canpress = tap.canpress_arg()
    tmp = tempfile.mkdtemp(prefix="cp-vertical-")
    try:
        return tap.run_checks(Vertical(canpress, tmp), CHECKS)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
