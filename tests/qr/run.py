#!/usr/bin/python3
"""QR codes as vector rectangles (suite `qr`, issue 15 point 5).

Usage: run.py CANPRESS   (cwd tests/qr; the repository root is $CP_SOURCE_DIR)

A copy of tests/cards/issue under a layout with `cards: qr: true` puts each
member's contact.url as a QR code on its card. Checked:

  1. the build exits 0, one QR code per member with a url;
  2. from the display list (`canpress dump --stage=dl`): each code is a white
     square with K100 rectangles inside; the module (the narrowest
     rectangle) is at least 0.25 mm, every rectangle edge falls on the
     module grid, the dark modules keep exactly 4 modules of quiet zone on
     every side; runs are merged (fewer rectangles than a rectangle per
     module would need); the square is also a link to the url;
  3. every code decodes to its member's url with zbarimg (zbar-tools) on a
     300-dpi PNG of its page (pdftoppm) - a TAP skip only when zbarimg is
     not installed;
  4. the press PDF writes the modules as 0 0 0 1 k (K only), nothing else;
  5. a url too long for the layout's qr_size is a QR_TOO_LONG error at the
     url's line and column in the member file, and nothing is written;
     one too long for any QR code (3000 bytes) the same;
  6. a second build gives the same display list;
  7. the sample issue (content-samples/): every QR code on its pages - the
     text ads' and house ads' `qr` - decodes with zbarimg on a 300-dpi PNG
     of its page to its ad's URL: the decoded URLs are exactly the `qr`
     values of ads/*.yaml and of the house ads placed (as `check` names
     them), one code each.

Prints TAP; exit 0 only when every check passes. Knows the display list's
text format (src/displist/dump.c), not canpress's internals.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tap  # noqa: E402

MM = 72 / 25.4
EPS = 0.03  # pt: the dump's 0.01 rounding, twice, and a hair
QR_SIZE_MM = 16

RECT = re.compile(r'^\s+rect \(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\) fill=(\S+) stroke=(\S+)$')
LINK = re.compile(r'^\s+link \(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\) uri="([^"]*)"')

LAYOUT = """cards:
  qr: true
  qr_size: %dmm
""" % QR_SIZE_MM


def parse(text):
    """Per page: its rects (x, y, w, h, fill) and links (x, y, w, h, uri)."""
    pages = []
    for line in text.splitlines():
        if line.startswith("page "):
            pages.append({"rects": [], "links": []})
            continue
        m = RECT.match(line)
        if m and pages:
            pages[-1]["rects"].append(tuple(float(m.group(i)) for i in range(1, 5)) +
                                      (m.group(5), m.group(6)))
            continue
        m = LINK.match(line)
        if m and pages:
            pages[-1]["links"].append(tuple(float(m.group(i)) for i in range(1, 5)) +
                                      (m.group(5),))
    return pages


def codes(pages):
    """Each QR code: (page index, square, [dark rects]) - a white square and
    the K100 rects inside it."""
    out = []
    for pi, p in enumerate(pages):
        for sq in p["rects"]:
            x, y, w, h, fill, stroke = sq
            if fill != "cmyk(0,0,0,0)" or stroke != "none" or abs(w - h) > EPS:
                continue
            dark = [r for r in p["rects"]
                    if r[4] != "cmyk(0,0,0,0)" and r[0] >= x - EPS and r[1] >= y - EPS
                    and r[0] + r[2] <= x + w + EPS and r[1] + r[3] <= y + h + EPS]
            if dark:
                out.append((pi, sq, dark))
    return out


def member_urls(folder):
    urls = {}
    for name in sorted(os.listdir(folder)):
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        m = re.search(r"^\s*url: (\S+)\s*$", text, re.M)
        if m:
            urls[name] = m.group(1)
    return urls


class T:
    def __init__(self, canpress, tmp):
        self.canpress = canpress
        self.tmp = tmp
        src = os.path.join(tap.SOURCE_DIR, "tests", "cards", "issue")
        self.issue_dir = os.path.join(tmp, "issue")
        shutil.copytree(src, self.issue_dir)
        with open(os.path.join(self.issue_dir, "qr.yaml"), "w", encoding="utf-8") as f:
            f.write(LAYOUT)
        path = os.path.join(self.issue_dir, "issue.yaml")
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"^layout: .*$", "layout: qr.yaml", text, flags=re.M)
        open(path, "w", encoding="utf-8").write(text)
        self.issue = path
        self.urls = member_urls(os.path.join(self.issue_dir, "members"))
        self.pdf = os.path.join(tmp, "qr.pdf")
        self.dl = None
        self.found = []

    def dump(self, issue):
        p = tap.run([self.canpress, "dump", "--stage=dl", issue])
        if p.returncode != 0:
            raise tap.Check("dump exited %d" % p.returncode, *p.stderr.splitlines()[-5:])
        return p.stdout

    def build(self):
        p = tap.run([self.canpress, "build", self.issue, "-o", self.pdf])
        if p.returncode != 0 or not os.path.exists(self.pdf):
            raise tap.Check("build exited %d" % p.returncode, *p.stderr.splitlines()[-8:])
        self.dl = self.dump(self.issue)
        self.found = codes(parse(self.dl))
        if len(self.found) != len(self.urls):
            raise tap.Check("%d QR codes on the pages, %d members with a url" %
                            (len(self.found), len(self.urls)))

    def geometry(self):
        if not self.found:
            raise tap.Check("no QR codes (the build failed)")
        for pi, sq, dark in self.found:
            x, y, size = sq[0], sq[1], sq[2]
            where = "page %d square at (%.2f,%.2f)" % (pi + 1, x, y)
            if abs(size - QR_SIZE_MM * MM) > EPS:
                raise tap.Check("%s: %.2fpt wide, the layout says %dmm" % (where, size, QR_SIZE_MM))
            narrow = min(min(r[2], r[3]) for r in dark)
            n = round(size / narrow)
            module = size / n
            if module < 0.25 * MM - 0.005:
                raise tap.Check("%s: module %.3fmm, under 0.25mm" % (where, module / MM))
            for r in dark:
                if r[4] != "cmyk(0,0,0,100)":
                    raise tap.Check("%s: a module filled %s, not K100" % (where, r[4]))
                for v in (r[0] - x, r[1] - y, r[2], r[3]):
                    k = v / module
                    if abs(k - round(k)) * module > EPS:
                        raise tap.Check("%s: rect %s off the module grid (%.3f modules)" %
                                        (where, r[:4], k))
            x0 = min(r[0] for r in dark)
            y0 = min(r[1] for r in dark)
            x1 = max(r[0] + r[2] for r in dark)
            y1 = max(r[1] + r[3] for r in dark)
            quiet = [(x0 - x) / module, (y0 - y) / module, (x + size - x1) / module,
                     (y + size - y1) / module]
            if any(abs(q - 4) * module > EPS for q in quiet):
                raise tap.Check("%s: quiet zone %s modules (left, top, right, bottom), not 4" %
                                (where, ["%.2f" % q for q in quiet]))
            # the finder pattern's corners fill the symbol's bounding box;
            # modules = symbol + 8, and version v has 17 + 4v modules
            symbol = n - 8
            if (symbol - 17) % 4 != 0:
                raise tap.Check("%s: %d modules across is no QR version" % (where, symbol))
            cells = sum(round(r[2] / module) * round(r[3] / module) for r in dark)
            if len(dark) >= cells:
                raise tap.Check("%s: %d rectangles for %d dark modules: runs not merged" %
                                (where, len(dark), cells))

    def links(self):
        pages = parse(self.dl or "")
        for pi, sq, dark in self.found:
            if not any(abs(l[0] - sq[0]) < EPS and abs(l[1] - sq[1]) < EPS and
                       abs(l[2] - sq[2]) < EPS and l[4] in self.urls.values()
                       for l in pages[pi]["links"]):
                raise tap.Check("page %d: no link over the QR code at (%.2f,%.2f)" %
                                (pi + 1, sq[0], sq[1]))

    def decode(self):
        pages = sorted({pi for pi, _, _ in self.found})
        got = self.zbar_pages(self.pdf, pages, "p")
        want = sorted(self.urls.values())
        if sorted(got) != want:
            raise tap.Check("decoded %s" % sorted(got), "expected %s" % want)

    def press_k_only(self):
        pdf = os.path.join(self.tmp, "press.pdf")
        p = tap.run([self.canpress, "build", "--press", self.issue, "-o", pdf], timeout=280)
        if p.returncode != 0:
            raise tap.Check("build --press exited %d" % p.returncode, *p.stderr.splitlines()[-5:])
        qdf = os.path.join(self.tmp, "press-qdf.pdf")
        tap.tool(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
        data = open(qdf, "rb").read()
        # the first code's page: its content stream holds the modules as
        # filled rectangles right after a K-only fill colour
        n_rects = 0
        bad = []
        # qpdf --qdf marks each page's content stream with a comment
        for m in re.finditer(rb"%% Contents for page \d+\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<.*?>>\nstream\n(.*?)"
                             rb"endstream", data, re.S):
            color = None
            for tok in re.finditer(rb"([-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+) k|"
                                   rb"([-\d.]+ [-\d.]+ [-\d.]+ rg|[-\d.]+ g)|re f", m.group(1)):
                if tok.group(1):
                    color = tok.group(1)
                elif tok.group(2):
                    bad.append(tok.group(2))
                elif color == b"0 0 0 1":
                    n_rects += 1
        modules = sum(len(d) for _, _, d in self.found)
        if n_rects < modules:
            raise tap.Check("%d rectangles filled 0 0 0 1 k in the press PDF, %d modules "
                            "rectangles in the display list" % (n_rects, modules))
        if bad:
            raise tap.Check("fills in a non-CMYK colour: %s" % bad[:3])

    def plant(self, name, url):
        d = os.path.join(self.tmp, name)
        shutil.copytree(self.issue_dir, d)
        member = os.path.join(d, "members", "ikoi-seikotsu.yaml")
        lines = open(member, encoding="utf-8").read().split("\n")
        for i, l in enumerate(lines):
            m = re.match(r"^(\s*url: )", l)
            if m:
                lines[i] = m.group(1) + url
                open(member, "w", encoding="utf-8").write("\n".join(lines))
                return os.path.join(d, "issue.yaml"), member, i + 1, len(m.group(1)) + 1
        raise tap.Check("no url line in the planted member file")

    def expect_too_long(self, name, url, words):
        issue, member, line, col = self.plant(name, url)
        out = os.path.join(self.tmp, name + ".pdf")
        p = tap.run([self.canpress, "build", issue, "-o", out])
        want = "members/ikoi-seikotsu.yaml:%d:%d: error:" % (line, col)
        hit = [l for l in p.stderr.splitlines() if want in l and "[qr-too-long]" in l]
        if p.returncode != 1 or not hit or os.path.exists(out):
            raise tap.Check("exit %d, output %s; expected '%s ... [qr-too-long]'" %
                            (p.returncode, "written" if os.path.exists(out) else "absent", want),
                            *p.stderr.splitlines()[-6:])
        if not all(w in hit[0] for w in words):
            raise tap.Check("the message does not say %s" % words, hit[0])

    def too_long(self):
        # 300 bytes need version 10 (57 modules + 8): 16.3mm at 0.25mm
        url = "https://example.jp/" + "a" * 281
        self.expect_too_long("long", url, ["modules", "0.25mm", "16.0mm"])

    def far_too_long(self):
        url = "https://example.jp/" + "b" * 2981
        self.expect_too_long("huge", url, ["too long for any QR code"])

    def zbar_pages(self, pdf, pages, tag):
        """What zbarimg reads from each page index in pages at 300 dpi."""
        got = []
        for pi in pages:
            prefix = os.path.join(self.tmp, "%s%d" % (tag, pi + 1))
            tap.tool(["pdftoppm", "-r", "300", "-f", str(pi + 1), "-l", str(pi + 1), "-png",
                      "-singlefile", pdf, prefix])
            p = tap.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable",
                         prefix + ".png"])
            if p.returncode not in (0, 4):
                raise tap.Check("zbarimg exited %d" % p.returncode, *p.stderr.splitlines()[-3:])
            got += [l for l in p.stdout.splitlines() if l]
            os.unlink(prefix + ".png")
        return got

    def sample_ads(self):
        sample = os.path.join(tap.SOURCE_DIR, "content-samples")
        want = []
        ads = os.path.join(sample, "ads")
        for name in sorted(os.listdir(ads)):
            text = open(os.path.join(ads, name), encoding="utf-8").read()
            want += re.findall(r"^qr:\s*(\S+)\s*$", text, re.M)
        issue = os.path.join(sample, "issue.yaml")
        house = open(issue, encoding="utf-8").read().split("\nhouse_ads:", 1)
        if len(house) != 2:
            raise tap.Check("the sample has no house_ads")
        # the house ads placed: named with their pages by check
        r = tap.run([self.canpress, "check", issue])
        placed = re.findall(r"'([^']*)' \(p\. \d+\)", r.stderr)
        for item in re.split(r"^  - ", house[1], flags=re.M)[1:]:
            c = re.search(r"^catch:\s*(.+?)\s*$", item, re.M)
            if c and c.group(1) in placed:
                want += re.findall(r"^\s+qr:\s*(\S+)\s*$", item, re.M)
        if len(want) < 3:
            raise tap.Check("only %d ads with a qr in the sample" % len(want))
        pdf = os.path.join(self.tmp, "sample.pdf")
        p = tap.run([self.canpress, "build", issue, "-o", pdf])
        if p.returncode != 0:
            raise tap.Check("build exited %d" % p.returncode, *p.stderr.splitlines()[-5:])
        found = codes(parse(self.dump(issue)))
        if len(found) != len(want):
            raise tap.Check("%d QR codes on the sample's pages, %d ads with a qr" %
                            (len(found), len(want)))
        got = self.zbar_pages(pdf, sorted({pi for pi, _, _ in found}), "s")
        if sorted(got) != sorted(want):
            raise tap.Check("decoded %s" % sorted(got), "expected %s" % sorted(want))

    def stable(self):
        if self.dl is None or self.dump(self.issue) != self.dl:
            raise tap.Check("a second run gives another display list")


def main():
    tap.setup_env()
    canpress = tap.canpress_arg()
    with tempfile.TemporaryDirectory(prefix="cp-qr-") as tmp:
        t = T(canpress, tmp)
        s = tap.Suite()
        s.check("the issue builds with a QR code on every card with a url", t.build)
        s.check("modules >= 0.25mm on the module grid, quiet zone of 4, K100, runs merged",
                t.geometry)
        s.check("each QR code is a link to its url", t.links)
        if shutil.which("zbarimg") is None:
            s.skip("zbarimg decodes every code to its member's url", "zbarimg not installed")
        else:
            s.check("zbarimg decodes every code to its member's url (300 dpi)", t.decode)
        s.check("the press PDF fills the modules 0 0 0 1 k", t.press_k_only)
        s.check("a url too long for qr_size: qr-too-long at its line, nothing written",
                t.too_long)
        s.check("a url too long for any QR code: qr-too-long at its line", t.far_too_long)
        s.check("a second run gives the same display list", t.stable)
        if shutil.which("zbarimg") is None:
            s.skip("the sample's ad QR codes decode to their ads' URLs", "zbarimg not installed")
        else:
            s.check("the sample's ad QR codes decode to their ads' URLs (zbarimg, 300 dpi)",
                    t.sample_ads)
        return s.finish()


if __name__ == "__main__":
    sys.exit(main())
