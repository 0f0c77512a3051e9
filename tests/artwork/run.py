#!/usr/bin/python3
"""Supplied PDF artwork placed untouched (suite `artwork`, issue 15 point 2).

Usage: run.py CANPRESS   (cwd tests/artwork; $CP_ARTWORK_PLACE is the helper
built from tests/artwork/place.c)

kissa-ad.pdf is an advertisement made with another tool (LuaLaTeX, from
src/kissa-ad.tex by ./make-artwork) with its own embedded fonts (Harano Aji)
and K100 text: page 1 CMYK only, page 2 with an RGB band and a small RGB
photo. The helper has the press step read a page (cp_press_artwork_read,
what the cli does for an ad file's artwork, every message at
"ads/test.yaml:3:10") and the PDF writer place it on a page, at 100 % and
scaled into a 60 mm frame. Checked:

  1. the screen PDF: exit 0, qpdf --check clean, the artwork's text
     extractable (pdftotext), its fonts embedded as they came (pdffonts
     lists the Harano Aji subset), a form XObject per artwork drawn twice;
  2. the press PDF: the artwork's text is 0 0 0 1 k in the form's content
     exactly as in the supplied file (K only), its band keeps its exact
     process values, and canpress's preflight passes every check;
  3. two runs give byte-identical PDFs; page 2 (RGB band and photo) in the
     press PDF: its band 0.8 0.36 0.2 rg now a CMYK fill, its photo a
     DeviceCMYK image, no rg left, its K100 text still 0 0 0 1 k, and
     preflight finds no RGB (the screen PDF keeps the RGB as supplied);
     page 1 (CMYK, with TikZ's unused /pgfprgb [/Pattern /DeviceRGB])
     leaves no /DeviceRGB in the press PDF either; a crafted page with
     patterns: an uncoloured tiling pattern in [/Pattern /DeviceRGB] filled
     and stroked (r g b /P scn, SCN), a coloured tiling pattern whose cell
     is drawn in rg, and a [/CalRGB ...] space nothing uses: the press PDF
     has no RGB space or operator anywhere, the scn / SCN carry four CMYK
     values before the pattern's name, the cell is k, and preflight passes
     color_spaces;
  4. the preview (render, poppler) draws the artwork: the band's colour at
     its place in the PNG, not white;
  5. hostile or unusable artwork, each one error at ads/test.yaml:3:10,
     exit 1, no output file: a page the file does not have, a page turned
     by /Rotate, fonts not embedded (artwork-font), not a PDF, a missing
     file, and the crafted files of tests/press (a form drawing itself, a
     content inflating to 1 GB, a 50,000-deep page tree, an object stream
     bomb) each naming its limit; a resource graph with loops in it (legal)
     is placed once per object and the output passes qpdf --check.

Prints TAP; exit 0 only when every check passes.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "press"))
import tap  # noqa: E402
import hostile_pdfs  # noqa: E402
from mkpdf import Writer  # noqa: E402

ART = os.path.join(HERE, "kissa-ad.pdf")
SPAN = "ads/test.yaml:3:10: error:"


def streams(pdf):
    """Every stream of pdf decoded, as written (content not normalised):
    (dict, data) pairs."""
    out = pdf + ".raw"
    tap.tool(["qpdf", "--stream-data=uncompress", "--object-streams=disable", pdf, out])
    data = open(out, "rb").read()
    return [(m.group(1), m.group(2)) for m in
            re.finditer(rb"(<<(?:(?!stream).)*?>>)\s*stream\r?\n(.*?)\r?\n?endstream", data,
                        re.S)]


class T:
    def __init__(self, canpress, tmp):
        self.canpress = canpress
        self.tmp = tmp
        self.place = os.environ.get("CP_ARTWORK_PLACE") or os.path.join(
            os.environ.get("CP_BUILD_DIR", ""), "tests", "artwork-place")
        self.icc = os.path.join(os.environ.get("CP_BUILD_DIR", ""), "src",
                                "canpress-fogra39.icc")

    def run_place(self, args, timeout=120):
        return tap.run([self.place] + args, timeout=timeout)

    def placed(self, name, page=1, press=False, extra=()):
        out = os.path.join(self.tmp, name)
        args = list(extra) + ["--scale"]
        if press:
            args += ["--press", "--icc=" + self.icc]
        p = self.run_place(args + [ART, str(page), out])
        if p.returncode != 0 or not os.path.exists(out):
            raise tap.Check("place exited %d" % p.returncode, *p.stderr.splitlines()[-6:])
        return out

    def screen(self):
        pdf = self.placed("screen.pdf")
        check = tap.run(["qpdf", "--check", pdf])
        if check.returncode != 0:
            raise tap.Check("qpdf --check exited %d" % check.returncode,
                            *check.stdout.splitlines()[-4:])
        text = tap.tool(["pdftotext", pdf, "-"])
        for want in ("喫茶こもれび", "焙煎したての豆で", "06-0000-1234"):
            if text.count(want) != 2:
                raise tap.Check("'%s' extracted %d times, want 2 (two placements)" %
                                (want, text.count(want)), text[:300])
        fonts = tap.pdf_fonts(pdf)
        names = [f["name"] for f in fonts]
        if not any("HaranoAjiMincho-Regular" in n for n in names):
            raise tap.Check("the artwork's own font is not in the PDF", *names)
        if any(f["emb"] != "yes" for f in fonts):
            raise tap.Check("a font not embedded", *names)
        forms = [d for d, _ in streams(pdf) if b"/Subtype /Form" in d]
        if len(forms) != 1:
            raise tap.Check("%d form XObjects for one artwork placed twice" % len(forms))

    def press_k_only(self):
        pdf = self.placed("press.pdf", press=True)
        forms = [data for d, data in streams(pdf) if b"/Subtype /Form" in d]
        if len(forms) != 1:
            raise tap.Check("%d form XObjects in the press PDF" % len(forms))
        form = forms[0]
        # every text object of the artwork shows under 0 0 0 1 k
        fill = None
        texts = 0
        for tok in re.finditer(rb"([-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+) k|([-\d.]+ g)|"
                               rb"([-\d.]+ [-\d.]+ [-\d.]+ rg)|(\bTJ|\bTj)", form):
            if tok.group(1) or tok.group(2) or tok.group(3):
                fill = tok.group(0)
            elif fill is not None:
                texts += 1
                if fill not in (b"0 0 0 1 k", b"1 g") and not fill.endswith(b"rg"):
                    raise tap.Check("text shown in %r" % fill)
                if fill.endswith(b"rg"):
                    raise tap.Check("RGB text in the press PDF: %r" % fill)
        black = len(re.findall(rb"0 0 0 1 k", form))
        if texts == 0 or black == 0:
            raise tap.Check("%d text operators, %d K100 fills in the form" % (texts, black))
        # the same operators as the supplied file's page 1: nothing rewritten
        src = [data for d, data in streams(self.copy_src()) if b"/Length" in d]
        if not any(data.strip() == form.strip() for data in src):
            raise tap.Check("the form's content differs from the supplied page's")
        if b"0 0.55 0.65 0.15 k" not in form:
            raise tap.Check("the band's exact process values are not in the form")
        p = tap.run([self.canpress, "preflight", pdf])
        if p.returncode != 0 or re.search(r"^(FAIL|WARN)", p.stdout, re.M):
            raise tap.Check("preflight exited %d" % p.returncode, *p.stdout.splitlines())

    def copy_src(self):
        path = os.path.join(self.tmp, "src.pdf")
        if not os.path.exists(path):
            tap.tool(["qpdf", "--pages", ART, "1", "--", ART, path])
        return path

    def reproducible(self):
        a = self.placed("r1.pdf", press=True)
        b = self.placed("r2.pdf", press=True)
        if open(a, "rb").read() != open(b, "rb").read():
            raise tap.Check("two runs wrote different bytes")

    def press_rgb(self):
        screen = self.placed("rgb-screen.pdf", page=2)
        sforms = [data for d, data in streams(screen) if b"/Subtype /Form" in d]
        if not sforms or b"0.8 0.36 0.2 rg" not in sforms[0]:
            raise tap.Check("the screen PDF does not keep the artwork's RGB band as supplied")
        pdf = self.placed("rgb-press.pdf", page=2, press=True)
        all_streams = streams(pdf)
        forms = [data for d, data in all_streams if b"/Subtype /Form" in d]
        if len(forms) != 1:
            raise tap.Check("%d form XObjects" % len(forms))
        form = forms[0]
        if re.search(rb"\brg\b|\bRG\b", form):
            raise tap.Check("RGB operators left in the press PDF's form")
        if b"0 0 0 1 k" not in form:
            raise tap.Check("the K100 text lost its 0 0 0 1 k")
        images = [d for d, _ in all_streams if b"/Subtype /Image" in d]
        if not images or any(b"/DeviceCMYK" not in d for d in images):
            raise tap.Check("images not DeviceCMYK: %r" % images[:2])
        p = tap.run([self.canpress, "preflight", pdf])
        for check in ("color_spaces", "black_text", "fonts"):
            if not re.search(r"^PASS %s:" % check, p.stdout, re.M):
                raise tap.Check("preflight does not pass %s" % check, *p.stdout.splitlines())

    def press_patterns(self):
        # page 1 of the LuaLaTeX artwork: TikZ's unused pattern space
        pdf = self.placed("pgf-press.pdf", press=True)
        raw = b"".join(d + data for d, data in streams(pdf)) + open(pdf + ".raw", "rb").read()
        if b"/DeviceRGB" in raw or b"/pgfprgb" not in raw:
            raise tap.Check("the press PDF of page 1 keeps /DeviceRGB (or lost /pgfprgb)")
        w = Writer()
        cell = w.stream("/PatternType 1 /PaintType 2 /TilingType 1 /BBox [0 0 4 4] "
                        "/XStep 4 /YStep 4 /Resources << >>", b"0 0 2 2 re f")
        coloured = w.stream("/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 6 6] "
                            "/XStep 6 /YStep 6 /Resources << >>",
                            b"0.2 0.6 0.3 rg 0 0 3 3 re f 0 0 0 1 k 3 3 3 3 re f")
        content = w.stream("", b"q /CSp cs 0.9 0.3 0.1 /P1 scn 10 10 50 50 re f Q\n"
                               b"q /CSp CS 0 0 1 /P1 SCN 4 w 10 70 100 20 re S Q\n"
                               b"q /Pattern cs /P2 scn 70 10 50 50 re f Q\n"
                               b"0 0 0 1 k 130 10 20 20 re f\n")
        res = ("<< /ColorSpace << /CSp [/Pattern /DeviceRGB] /Unused [/CalRGB << /WhitePoint "
               "[0.9505 1 1.089] >>] >> /Pattern << /P1 %d 0 R /P2 %d 0 R >> >>" % (cell, coloured))
        pages = hostile_pdfs._pages(w, [content], sizes=[(160, 100)], resources=res)
        path = os.path.join(self.tmp, "patterns.pdf")
        hostile_pdfs._finish(w, path, pages)
        out = os.path.join(self.tmp, "patterns-press.pdf")
        p = self.run_place(["--press", "--icc=" + self.icc, path, "1", out])
        if p.returncode != 0:
            raise tap.Check("place exited %d" % p.returncode, *p.stderr.splitlines()[-4:])
        all_streams = streams(out)
        raw = open(out + ".raw", "rb").read()
        problems = []
        for bad in (b"/DeviceRGB", b"/CalRGB"):
            if bad in raw:
                problems.append("%s left in the press PDF" % bad.decode())
        if not re.search(rb"/CSp\s*\[\s*/Pattern\s*/DeviceCMYK\s*\]", raw):
            problems.append("the pattern space is not [/Pattern /DeviceCMYK]")
        form = [data for d, data in all_streams if b"/Subtype /Form" in d]
        form = form[0] if form else b""
        four = rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ /P1 "
        if not re.search(four + rb"scn", form) or not re.search(four + rb"SCN", form):
            problems.append("scn / SCN without four values: %r" % form[:200])
        if b"0.9 0.3 0.1 /P1" in form or b"0 0 1 /P1" in form:
            problems.append("the RGB operands of scn / SCN are left")
        if b"0 0 0 1 k 130 10 20 20 re f" not in form:
            problems.append("the K100 fill is not as supplied")
        cells = [data for d, data in all_streams if b"/PatternType 1" in d and b"/PaintType 1" in d]
        if len(cells) != 1 or re.search(rb"\brg\b", cells[0]) or \
                not re.search(rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ k 0 0 3 3 re f", cells[0]) or \
                b"0 0 0 1 k 3 3 3 3 re f" not in cells[0]:
            problems.append("the coloured pattern's cell is not CMYK: %r" % cells[:1])
        pf = tap.run([self.canpress, "preflight", out])
        if not re.search(r"^PASS color_spaces:", pf.stdout, re.M):
            problems += ["preflight:"] + pf.stdout.splitlines()
        # preflight sees the supplied page's pattern space as RGB
        pin = tap.run([self.canpress, "preflight", path])
        if not re.search(r"^FAIL color_spaces:", pin.stdout, re.M):
            problems += ["preflight of the supplied page does not see its RGB"] + \
                pin.stdout.splitlines()
        if problems:
            raise tap.Check(*problems)

    def preview(self):
        png = os.path.join(self.tmp, "preview.png")
        self.placed("preview.pdf", extra=["--png=" + png])
        ppm = os.path.join(self.tmp, "preview.ppm")
        tap.tool(["convert", png, ppm]) if shutil.which("convert") else None
        if not os.path.exists(ppm):
            raise tap.Check("no ImageMagick to read the PNG")
        data = open(ppm, "rb").read()
        m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        pix = data[m.end():]
        # the band: the artwork's top 15 mm, placed at 20 mm, 20 mm at 100 dpi
        x = int((20 + 45) / 25.4 * 100)
        y = int((20 + 7) / 25.4 * 100)
        r, g, b = pix[3 * (y * w + x):3 * (y * w + x) + 3]
        if not (r > 150 and g < 140 and b < 110):
            raise tap.Check("the band's place in the preview is rgb(%d,%d,%d), not the "
                            "band's orange" % (r, g, b))

    def refused(self, path, page, pattern):
        out = os.path.join(self.tmp, "refused.pdf")
        p = self.run_place([path, str(page), out])
        problems = []
        if p.returncode != 1:
            problems.append("exit %d, want 1" % p.returncode)
        line = [l for l in p.stderr.splitlines() if l.startswith(SPAN)]
        if not line or not re.search(pattern, line[0]):
            problems.append("no '%s ...%s'" % (SPAN, pattern))
        if "qpdf" in p.stderr.lower() or "internal error" in p.stderr.lower():
            problems.append("qpdf's own text in the message")
        if os.path.exists(out):
            problems.append("an output was written")
            os.unlink(out)
        if problems:
            raise tap.Check("%s page %d:" % (os.path.basename(path), page),
                            *(problems + p.stderr.splitlines()[-4:]))

    def unusable(self):
        self.refused(ART, 3, r"has 2 page\(s\); there is no page 3 \[bad-artwork\]")
        rot = os.path.join(self.tmp, "rotated.pdf")
        hostile_pdfs.rotated(rot)
        self.refused(rot, 2, r"page 2 is turned by 90 degrees")
        w = Writer()
        font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        content = w.stream("", b"BT /F1 12 Tf 10 10 Td (CAN) Tj ET")
        pages = hostile_pdfs._pages(w, [content], resources="<< /Font << /F1 %d 0 R >> >>" % font)
        nofont = os.path.join(self.tmp, "nofont.pdf")
        hostile_pdfs._finish(w, nofont, pages)
        self.refused(nofont, 1, r"does not embed 1 font\(s\): Helvetica \[artwork-font\]")
        text = os.path.join(self.tmp, "notes.pdf")
        open(text, "w").write("広告原稿はあとで送ります。\n")
        self.refused(text, 1, r"not a PDF")
        self.refused(os.path.join(self.tmp, "missing.pdf"), 1, r"No such file")

    def hostile(self):
        cases = {
            "form_self": r"\(limit: form depth\)",
            "inflate_bomb": r"inflates to more than 64 MiB \(limit: decoded stream size\)",
            "deep_tree": r"\(limit: page tree depth\)",
            "objstm_bomb": r"inflates to more than 64 MiB \(limit: decoded stream size\)",
            "indexed_self": r"\(limit: colour space depth\)",
        }
        for name, pattern in cases.items():
            path = os.path.join(self.tmp, name + ".pdf")
            getattr(hostile_pdfs, name)(path)
            try:
                self.refused(path, 1, pattern)
            finally:
                os.unlink(path)

    def loops(self):
        # objects that reach themselves through resources nothing draws
        # in a loop: legal, placed with each object once
        w = Writer()
        a = w.reserve()
        b = w.reserve()
        w.set(a, "<< /Self %d 0 R /Next %d 0 R /Name (loop) >>" % (a, b))
        w.set(b, "[%d 0 R %d 0 R 1 2.5 /N#20ame <00ff>]" % (a, b))
        content = w.stream("", b"0 0 0 1 k 0 0 50 50 re f")
        pages = hostile_pdfs._pages(w, [content], sizes=[(100, 100)],
                                    resources="<< /Properties << /P0 %d 0 R >> >>" % a)
        path = os.path.join(self.tmp, "loops.pdf")
        hostile_pdfs._finish(w, path, pages)
        out = os.path.join(self.tmp, "loops-out.pdf")
        p = self.run_place([path, "1", out])
        if p.returncode != 0:
            raise tap.Check("place exited %d" % p.returncode, *p.stderr.splitlines()[-4:])
        check = tap.run(["qpdf", "--check", out])
        if check.returncode != 0:
            raise tap.Check("qpdf --check exited %d" % check.returncode,
                            *check.stdout.splitlines()[-4:])
        data = open(out, "rb").read()
        if data.count(b"/Self ") != 1 or b"/N#20ame" not in data:
            raise tap.Check("the looped objects were not copied once each, names escaped")


def main():
    tap.setup_env()
    canpress = tap.canpress_arg()
    with tempfile.TemporaryDirectory(prefix="cp-artwork-") as tmp:
        t = T(canpress, tmp)
        checks = [
            ("screen", "screen PDF: qpdf --check clean, artwork text extractable, own fonts "
                       "embedded, one form XObject for two placements"),
            ("press_k_only", "press PDF: the artwork's text 0 0 0 1 k as supplied, exact band "
                             "values, preflight passes"),
            ("reproducible", "two runs give identical bytes"),
            ("press_rgb", "press PDF of the RGB page: band and photo converted to CMYK, K100 "
                          "text kept, no RGB for preflight; the screen PDF keeps the RGB"),
            ("press_patterns", "press PDF: TikZ's unused RGB pattern space, an uncoloured "
                               "pattern in [/Pattern /DeviceRGB] (scn, SCN), a coloured "
                               "pattern's RGB cell and an unused CalRGB all CMYK; preflight "
                               "passes"),
            ("preview", "the preview draws the artwork (poppler): the band's colour in the PNG"),
            ("unusable", "no such page, /Rotate, fonts not embedded, not a PDF, missing: one "
                         "error at the naming line each"),
            ("hostile", "crafted PDFs as artwork: each refused at the naming line with its "
                        "limit"),
            ("loops", "resources that reach themselves: each object copied once, qpdf "
                      "--check clean"),
        ]
        return tap.run_checks(t, checks)


if __name__ == "__main__":
    sys.exit(main())
