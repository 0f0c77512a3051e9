#!/usr/bin/python3
"""The press suite: canpress build --press, preflight and impose, checked
from outside with poppler-utils (pdfinfo, pdffonts, pdfimages, pdftotext),
qpdf and canpress's own preflight.

Usage: run.py CANPRESS   (cwd tests/press; the repository root is $CP_SOURCE_DIR,
the build folder $CP_BUILD_DIR)

Prints TAP: one line per check, diagnostics as '# ' lines; exit 0 only when
every check passes. Work files go to a temporary folder removed at the end.
PDFs are never compared with stored files (CONTRIBUTING.md section 6): each check asks one
property. The planted-fault PDFs and numbered pages come from mkpdf.py. When
the build made no output profile (ArgyllCMS missing) the whole suite is
skipped (exit 77) rather than failed: setup installs argyll.
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import hostile_pdfs  # noqa: E402
import mkpdf  # noqa: E402
import tap  # noqa: E402
from tap import Check, near, tool  # noqa: E402

MM = 72 / 25.4
A4 = (595.28, 841.89)
TIMEOUT = 240


def run(args, timeout=TIMEOUT, **kw):
    return tap.run(args, timeout=timeout, **kw)


boxes = tap.pdf_boxes


def page_streams(qdf_bytes):
    """The page content streams of a qpdf --qdf file, by page number."""
    out = {}
    for m in re.finditer(rb"%% Contents for page (\d+)\n%% Original object ID: \d+ \d+\n\d+ 0 obj\n"
                         rb"<<.*?>>\nstream\n(.*?)endstream", qdf_bytes, re.S):
        out.setdefault(int(m.group(1)), []).append(m.group(2))
    return {k: b"".join(v) for k, v in out.items()}


NUM = rb"(-?\d*\.?\d+)"
CMYK_OP = re.compile(rb"(?<![\w.])" + NUM + rb" " + NUM + rb" " + NUM + rb" " + NUM + rb" ([kK])(?=\s)")
RGB_OP = re.compile(rb"(?<![\w.])" + NUM + rb" " + NUM + rb" " + NUM + rb" (rg|RG)(?=\s)")


class Press:
    def __init__(self, binary, src, build, tmp):
        self.bin = binary
        self.src = src
        self.build = build
        self.tmp = tmp
        self.issue = os.path.join(src, "content-samples", "issue.yaml")
        self.press_pdf = os.path.join(tmp, "press.pdf")
        self.screen_pdf = os.path.join(tmp, "screen.pdf")
        self.qdf = None
        self.built = None
        self.pre = None

    # --- helpers -----------------------------------------------------------
    def need_press(self):
        if self.built is None:
            p = run([self.bin, "build", "--press", self.issue, "-o", self.press_pdf])
            self.built = p
        if self.built.returncode != 0:
            raise Check("canpress build --press exited %d" % self.built.returncode,
                        *self.built.stderr.splitlines()[-15:])
        if self.qdf is None:
            q = os.path.join(self.tmp, "press.qdf.pdf")
            run(["qpdf", "--qdf", "--object-streams=disable", self.press_pdf, q])
            with open(q, "rb") as f:
                self.qdf = f.read()
        return self.qdf

    def preflight_press(self):
        self.need_press()
        if self.pre is None:
            self.pre = run([self.bin, "preflight", self.press_pdf])
        return self.pre

    def designer_cmyk(self):
        """Every cmyk() colour of the display list (canpress dump --stage=dl):
        what the layout and the content ask for, as the press must write it."""
        dump = tool([self.bin, "dump", "--stage=dl", self.issue])
        return {tuple(round(float(v) / 100, 4) for v in m.groups())
                for m in re.finditer(r"cmyk\((\d+),(\d+),(\d+),(\d+)\)", dump)}

    # --- the checks ----------------------------------------------------------
    def press_build(self):
        self.need_press()
        err = self.built.stderr
        if not re.search(r"^preflight: \d+ passed, 0 failed", err, re.M):
            raise Check("no passing preflight summary in the build's output", *err.splitlines()[-15:])

    def qpdf_check(self):
        self.need_press()
        p = run([self.bin, "build", self.issue, "-o", self.screen_pdf])
        if p.returncode != 0:
            raise Check("canpress build exited %d" % p.returncode, *p.stderr.splitlines()[-5:])
        for pdf in (self.press_pdf, self.screen_pdf):
            q = run(["qpdf", "--check", pdf])
            if q.returncode != 0 or "No syntax or stream encoding errors" not in q.stdout:
                raise Check("qpdf --check %s exited %d" % (os.path.basename(pdf), q.returncode),
                            *(q.stdout + q.stderr).splitlines()[-8:])

    def links_repaired(self):
        # the sample with a link in an article body: Cairo damages the xref
        import shutil
        copy = os.path.join(self.tmp, "linked")
        shutil.copytree(os.path.join(self.src, "content-samples"), copy)
        arts = os.path.join(copy, "articles")
        name = sorted(os.listdir(arts))[0]
        path = os.path.join(arts, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text, n = re.subn(r"^body: \|\n  ", "body: |\n  [サイト](https://can.example/a?b=1) ",
                          text, count=1, flags=re.M)
        if n != 1:
            raise Check("no 'body: |' block in %s" % name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        # the screen PDF keeps the link; the press PDF (here as PDF/X-4
        # without marks) drops it, and both are clean for qpdf
        for extra in ([], ["--press", "--pdfx=x4", "--no-marks"]):
            out = os.path.join(self.tmp, "linked%s.pdf" % ("-press" if extra else ""))
            p = run([self.bin, "build"] + extra + [os.path.join(copy, "issue.yaml"), "-o", out])
            if p.returncode != 0:
                raise Check("build %s exited %d" % (extra, p.returncode), *p.stderr.splitlines()[-8:])
            q = run(["qpdf", "--check", out])
            if q.returncode != 0:
                raise Check("qpdf --check %s: exit %d" % (os.path.basename(out), q.returncode),
                            *(q.stdout + q.stderr).splitlines()[-6:])
            urls = tool(["pdfinfo", "-url", out])
            has = "https://can.example/a?b=1" in urls
            if not extra and not has:
                raise Check("the screen PDF lost its link", urls)
            if extra and has:
                raise Check("the press PDF keeps a link annotation (PDF/X forbids them)")
        self.x4_pdf = out

    def text_extractable(self):
        self.need_press()
        text = tool(["pdftotext", self.press_pdf, "-"])
        titles = []
        arts = os.path.join(self.src, "content-samples", "articles")
        for name in sorted(os.listdir(arts)):
            with open(os.path.join(arts, name), encoding="utf-8") as f:
                m = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", f.read(), re.M)
            if m:
                titles.append(m.group(1))
        squashed = re.sub(r"\s+", "", text)
        missing = [t for t in titles if re.sub(r"\s+", "", t) not in squashed]
        if not titles or missing:
            raise Check("titles missing from pdftotext:", *missing)

    def boxes_and_marks(self):
        qdf = self.need_press()
        n = int(re.search(r"Pages:\s+(\d+)", tool(["pdfinfo", self.press_pdf])).group(1))
        for page in (1, n):
            b = boxes(self.press_pdf, page)
            t, bl, me = b["TrimBox"], b["BleedBox"], b["MediaBox"]
            if not (near(t[2] - t[0], A4[0], 0.1) and near(t[3] - t[1], A4[1], 0.1)):
                raise Check("page %d TrimBox is not A4: %s" % (page, t))
            for k in range(2):
                if not near(t[k] - bl[k], 3 * MM) or not near(bl[k + 2] - t[k + 2], 3 * MM):
                    raise Check("page %d bleed is not 3 mm: trim %s bleed %s" % (page, t, bl))
                if not near(t[k] - me[k], 15 * MM) or not near(me[k + 2] - t[k + 2], 15 * MM):
                    raise Check("page %d sheet is not trim + 15 mm: %s" % (page, me))
        streams = page_streams(qdf)
        if len(streams) != n:
            raise Check("found %d page content streams for %d pages" % (len(streams), n))
        if not re.search(rb"/CSReg\s*\[\s*/Separation\s*/All\s*/DeviceCMYK", qdf):
            raise Check("no /CSReg [/Separation /All /DeviceCMYK ...] colour space")
        for page, s in streams.items():
            # 4 corners x 4 lines + 4 centre marks x 2 lines, all in /CSReg
            marks = re.search(rb"/CSReg CS 1 SCN 0.2835 w.*?\nQ\n", s, re.S)
            if not marks or marks.group(0).count(b" l S") != 24:
                raise Check("page %d: no 24-line tombo in registration colour" % page)

    def pdfx_keys(self):
        qdf = self.need_press()
        need = [rb"/GTS_PDFXVersion \(PDF/X-1:2001\)", rb"/GTS_PDFXConformance \(PDF/X-1a:2001\)",
                rb"/Trapped /False", rb"/OutputConditionIdentifier \(FOGRA39\)",
                rb"/RegistryName \(http://www.color.org\)", rb"/S /GTS_PDFX",
                rb"/DestOutputProfile \d+ 0 R"]
        missing = [k.decode() for k in need if not re.search(k, qdf)]
        if missing:
            raise Check("missing:", *missing)
        info = tool(["pdfinfo", self.press_pdf])
        if not re.search(r"PDF version:\s+1\.3", info):
            raise Check("not PDF 1.3", info)

    def fonts_embedded(self):
        self.need_press()
        out = tool(["pdffonts", self.press_pdf]).splitlines()[2:]
        bad = [l for l in out if l.split()[-5] != "yes"]
        if not out or bad:
            raise Check("fonts not embedded:", *bad)

    def no_rgb(self):
        qdf = self.need_press()
        if b"/DeviceRGB" in qdf or b"/CalRGB" in qdf or b"/Lab" in qdf:
            raise Check("an RGB or Lab colour space is left in the file")
        for page, s in page_streams(qdf).items():
            m = RGB_OP.search(s)
            if m:
                raise Check("page %d: RGB operator %s" % (page, m.group(0).decode()))
        for line in tool(["pdfimages", "-list", self.press_pdf]).splitlines()[2:]:
            f = line.split()
            if f[5] not in ("cmyk", "gray"):
                raise Check("an image is %s: %s" % (f[5], line))

    def black_text_k_only(self):
        qdf = self.need_press()
        streams = page_streams(qdf)
        # the fill colour in force when each BT starts
        black = 0
        for page, s in streams.items():
            for m in re.finditer(rb"(" + NUM + rb" " + NUM + rb" " + NUM + rb" " + NUM + rb") k BT", s):
                c, mm, y, k = (float(v) for v in m.group(1).split())
                if k >= 0.5 and c >= 0.25 and mm >= 0.25 and y >= 0.25:
                    raise Check("page %d: rich black text %s k" % (page, m.group(1).decode()))
                if (c, mm, y, k) == (0, 0, 0, 1):
                    black += 1
        if black < 50:
            raise Check("only %d text runs in 0 0 0 1 k" % black)

    def supplied_artwork(self):
        """The sample's supplied PDF ads (ads/*.yaml with a .pdf artwork): in
        the press PDF each is a form XObject whose content is the supplied
        page's, byte for byte after decoding (its K100 text keeps the
        artwork's own 0 0 0 1 k, no RGB operator), and its text is
        extractable."""
        qdf = self.need_press()
        ads = os.path.join(self.src, "content-samples", "ads")
        arts = []
        for name in sorted(os.listdir(ads)):
            with open(os.path.join(ads, name), encoding="utf-8") as f:
                m = re.search(r"^artwork:\s*(\S+\.pdf)\s*$", f.read(), re.M)
            if m:
                arts.append(os.path.normpath(os.path.join(ads, m.group(1))))
        if not arts:
            raise Check("the sample has no supplied PDF artwork")
        forms = [m.group(2) for m in re.finditer(
            rb"(<<(?:(?!stream\n).)*?/Subtype /Form(?:(?!stream\n).)*?>>)\nstream\n(.*?)endstream",
            qdf, re.S)]
        text = re.sub(r"\s+", "", tool(["pdftotext", self.press_pdf, "-"]))
        for art in arts:
            src = os.path.join(self.tmp, os.path.basename(art) + ".qdf")
            run(["qpdf", "--qdf", "--object-streams=disable", art, src])
            with open(src, "rb") as f:
                page = page_streams(f.read()).get(1, b"")
            # qpdf writes a page's hex strings in lower case, a form's as they are
            def tokens(b):
                return re.sub(rb"<[0-9A-Fa-f\s]*>", lambda m: m.group(0).lower(), b).split()
            form = [f for f in forms if tokens(f) == tokens(page)]
            if not page or not form:
                raise Check("%s: no form XObject with the supplied page's content" %
                            os.path.basename(art))
            fill, k100 = None, 0
            for tok in re.finditer(rb"(" + NUM + rb" " + NUM + rb" " + NUM + rb" " + NUM +
                                   rb" k|" + NUM + rb" g|" + NUM + rb" " + NUM + rb" " + NUM +
                                   rb" rg)(?=\s)|\bBT\b", form[0]):
                if tok.group(0) != b"BT":
                    fill = tok.group(0)
                    if fill.endswith(b"rg"):
                        raise Check("%s: RGB fill %r" % (os.path.basename(art), fill))
                elif fill == b"0 0 0 1 k":
                    k100 += 1
            if k100 == 0:
                raise Check("%s: no text object under 0 0 0 1 k" % os.path.basename(art))
            want = [re.sub(r"\s+", "", l) for l in tool(["pdftotext", art, "-"]).splitlines()]
            missing = [w for w in want if w and w not in text]
            if missing:
                raise Check("%s: text not extractable from the press PDF:" %
                            os.path.basename(art), *missing)

    def black_overprints(self):
        qdf = self.need_press()
        streams = page_streams(qdf)
        # K100 text is set with the overprint state on (press: overprint_black,
        # default on); coloured text and fills knock out
        op = 0
        for page, s in streams.items():
            state = False
            for m in re.finditer(rb"/GS(op|ko) gs|(" + NUM + rb" " + NUM + rb" " + NUM + rb" "
                                 + NUM + rb") k BT", s):
                if m.group(1):
                    state = m.group(1) == b"op"
                    continue
                c, mm, y, k = (float(v) for v in m.group(2).split())
                black = (c, mm, y, k) == (0, 0, 0, 1)
                if black and not state:
                    raise Check("page %d: K100 text without overprint" % page)
                if not black and state:
                    raise Check("page %d: text in %s overprints" % (page, m.group(2).decode()))
                op += black
        if op < 50:
            raise Check("only %d overprinting K100 text runs" % op)
        # qpdf --qdf writes a dictionary's keys sorted, one a line
        if not any(b"/op true" in m.group(0) and b"/OPM 1" in m.group(0)
                   for m in re.finditer(rb"<<[^<>]*?/OP true[^<>]*>>", qdf)):
            raise Check("no ExtGState with /OP true /op true /OPM 1")

    def fills_reach_bleed(self):
        qdf = self.need_press()
        # every fill that crosses the trim runs out to the BleedBox exactly:
        # rectangles in the page's flipped space (q 1 0 0 -1 ox oy cm)
        pages = re.findall(rb"%% Page (\d+)\n.*?/BleedBox \[\s*(.*?)\].*?/TrimBox \[\s*(.*?)\]",
                           qdf, re.S)
        boxes = {int(p): ([float(v) for v in b.split()], [float(v) for v in t.split()])
                 for p, b, t in pages}
        checked = 0
        for page, s in page_streams(qdf).items():
            cm = re.search(rb"q 1 0 0 -1 " + NUM + rb" " + NUM + rb" cm", s)
            if not cm or page not in boxes:
                raise Check("page %d: no page matrix or boxes" % page)
            ox, oy = float(cm.group(1)), float(cm.group(2))
            bleed, trim = boxes[page]
            for m in re.finditer(NUM + rb" " + NUM + rb" " + NUM + rb" " + NUM + rb" re f", s):
                x, y, w, h = (float(v) for v in m.groups())
                x0, x1 = ox + x, ox + x + w
                y0, y1 = oy - (y + h), oy - y
                for edge, t, b, out in ((x0, trim[0], bleed[0], x0 < trim[0] - 0.01),
                                        (y0, trim[1], bleed[1], y0 < trim[1] - 0.01),
                                        (x1, trim[2], bleed[2], x1 > trim[2] + 0.01),
                                        (y1, trim[3], bleed[3], y1 > trim[3] + 0.01)):
                    if out:
                        checked += 1
                        if abs(edge - b) > 0.01:
                            raise Check("page %d: a fill ends at %.3f, the bleed edge is %.3f"
                                        % (page, edge, b))
        if checked < 4:
            raise Check("only %d bleeding fill edges found (the cover has four)" % checked)

    def exact_layout_cmyk(self):
        qdf = self.need_press()
        layout = self.designer_cmyk()
        used = set()
        for s in page_streams(qdf).values():
            for m in CMYK_OP.finditer(s):
                used.add(tuple(round(float(v), 4) for v in m.groups()[:4]))
        colored = {u for u in used if u[:3] != (0, 0, 0)}
        stray = colored - layout
        if not colored or stray:
            raise Check("CMYK colours not from the display list: %s" % sorted(stray),
                        "display list: %s" % sorted(layout))
        # and every designer colour and grey is there, exactly
        missing = sorted(layout - used)
        if missing:
            raise Check("designer colours missing from the press PDF: %s" % missing)

    def ink_and_ppi(self):
        self.need_press()
        for line in tool(["pdfimages", "-list", self.press_pdf]).splitlines()[2:]:
            f = line.split()
            if int(f[12]) < 300 or int(f[13]) < 300:
                raise Check("image below 300 ppi: " + line)
        p = self.preflight_press()
        m = re.search(r"^(PASS|WARN|FAIL) image_ink: .*$", p.stdout, re.M)
        if not m or m.group(1) == "FAIL":
            raise Check("image ink:", p.stdout)

    def own_preflight(self):
        p = self.preflight_press()
        if p.returncode != 0 or not re.search(r"^preflight: \d+ passed, 0 failed", p.stdout, re.M):
            raise Check("preflight exited %d" % p.returncode, *p.stdout.splitlines())

    def preflight_planted(self):
        icc = os.path.join(self.build, "src", "canpress-fogra39.icc")
        expect = {"font": "fonts", "rgb_text": "black_text", "rich_black": "black_text",
                  "lowres": "image_ppi", "nobleed": "boxes"}
        good = os.path.join(self.tmp, "good.pdf")
        mkpdf.print_file(good, icc)
        p = run([self.bin, "preflight", good])
        if p.returncode != 0:
            raise Check("the control file fails (exit %d)" % p.returncode, *p.stdout.splitlines())
        if run(["qpdf", "--check", good]).returncode != 0:
            raise Check("the control file is not clean for qpdf")
        for fault, check in expect.items():
            bad = os.path.join(self.tmp, fault + ".pdf")
            mkpdf.print_file(bad, icc, fault)
            p = run([self.bin, "preflight", bad])
            fails = re.findall(r"^FAIL (\w+):", p.stdout, re.M)
            if p.returncode != 1 or check not in fails:
                raise Check("%s: expected FAIL %s, exit 1; got exit %d" % (fault, check, p.returncode),
                            *p.stdout.splitlines())
            if fault == "rgb_text" and "color_spaces" not in fails:
                raise Check("RGB text not reported under color_spaces", *p.stdout.splitlines())
            # only the planted fault (and, for text, the unembedded font) fails
            allowed = {check, "color_spaces", "fonts"}
            if set(fails) - allowed:
                raise Check("%s: unexpected failures %s" % (fault, fails), *p.stdout.splitlines())

    def pdfx4_on_request(self):
        out = getattr(self, "x4_pdf", None)
        if out is None:
            self.links_repaired()
            out = self.x4_pdf
        info = tool(["pdfinfo", out])
        meta = tool(["pdfinfo", "-meta", out])
        if not re.search(r"PDF version:\s+1\.6", info) or "PDF/X-4" not in meta:
            raise Check("not PDF/X-4 in 1.6 with XMP", info, meta[:400])
        b = boxes(out)
        if not near(b["MediaBox"][2] - b["TrimBox"][2], 3 * MM):
            raise Check("without marks the sheet should be the bleed box: %s" % b)
        p = run([self.bin, "preflight", out])
        if p.returncode != 0:
            raise Check("the X-4 file fails its preflight", *p.stdout.splitlines())

    def missing_profile(self):
        out = os.path.join(self.tmp, "noprofile.pdf")
        p = run([self.bin, "build", "--press", "--icc", "/nonexistent/profile.icc", self.issue,
                 "-o", out])
        if p.returncode != 1 or "output profile" not in p.stderr or os.path.exists(out):
            raise Check("expected exit 1 naming the profile and no file; got %d" % p.returncode,
                        *p.stderr.splitlines()[-5:])

    def screen_jpeg_passthrough(self):
        if not os.path.exists(self.screen_pdf):
            self.qpdf_check()
        images = os.path.join(self.src, "content-samples", "images")
        sums = set()
        for root, _, files in os.walk(images):
            for name in files:
                if name.lower().endswith((".jpg", ".jpeg")):
                    with open(os.path.join(root, name), "rb") as f:
                        sums.add(hashlib.md5(f.read()).hexdigest())
        listed = tool(["pdfimages", "-list", self.screen_pdf]).splitlines()[2:]
        ids = sorted({int(l.split()[10]) for l in listed if l.split()[8] == "jpeg"})
        if not ids:
            raise Check("no JPEG images in the screen PDF")
        for oid in ids:
            raw = subprocess.run(["qpdf", "--show-object=%d" % oid, "--raw-stream-data",
                                  self.screen_pdf], capture_output=True, timeout=60).stdout
            if hashlib.md5(raw).hexdigest() not in sums:
                raise Check("JPEG object %d is not a source file byte for byte" % oid)

    def impose(self):
        src = os.path.join(self.tmp, "eight.pdf")
        mkpdf.numbered(src, 8)
        w, h = A4
        # sheet sides in print order: what sits on the left and right half
        expected = {"left": [(8, 1), (2, 7), (6, 3), (4, 5)],
                    "right": [(1, 8), (7, 2), (3, 6), (5, 4)]}
        for binding, sides in expected.items():
            out = os.path.join(self.tmp, "booklet-%s.pdf" % binding)
            tool([self.bin, "impose", "--binding", binding, src, "-o", out])
            if run(["qpdf", "--check", out]).returncode != 0:
                raise Check("qpdf --check fails on the booklet")
            b = boxes(out)
            if not (near(b["MediaBox"][2], 2 * w, 0.1) and near(b["MediaBox"][3], h, 0.1)):
                raise Check("sheet is not A3 landscape: %s" % (b["MediaBox"],))
            for side, (left, right) in enumerate(sides, 1):
                got = []
                for x in (0, int(w)):
                    t = tool(["pdftotext", "-f", str(side), "-l", str(side), "-x", str(x), "-y", "0",
                              "-W", str(int(w)), "-H", str(int(h)), out, "-"])
                    m = re.findall(r"PAGE(\d\d)", t)
                    got.append(int(m[0]) if len(m) == 1 else m)
                if got != [left, right]:
                    raise Check("%s binding, side %d: got %s, want %s" % (binding, side, got,
                                                                          [left, right]))
        # creep: the innermost sheet's left page moves toward the spine
        out = os.path.join(self.tmp, "creep.pdf")
        tool([self.bin, "impose", "--creep", "1", src, "-o", out])
        xs = []
        for side in (1, 3):
            bbox = tool(["pdftotext", "-bbox", "-f", str(side), "-l", str(side), out, "-"])
            xs.append(min(float(v) for v in re.findall(r'<word xMin="([\d.]+)"', bbox)))
        if not near(xs[1] - xs[0], MM, 0.05):
            raise Check("creep shift %.3f pt, want %.3f" % (xs[1] - xs[0], MM))
        # a page count that is not a multiple of 4 is refused
        six = os.path.join(self.tmp, "six.pdf")
        mkpdf.numbered(six, 6)
        p = run([self.bin, "impose", six, "-o", os.path.join(self.tmp, "six-out.pdf")])
        if p.returncode != 1 or "multiple of 4" not in p.stderr:
            raise Check("6 pages: exit %d" % p.returncode, p.stderr)

    # ---- supplied PDFs: limits, refusals, options (issue 10) --------------

    def refused(self, args, status, pattern, folder):
        """Runs canpress args in folder; asserts the exit status, a message
        matching pattern on stderr, and that the folder holds exactly the
        files it held before (no output, no temporary file)."""
        before = sorted(os.listdir(folder))
        p = run([self.bin] + args, cwd=folder)
        after = sorted(os.listdir(folder))
        problems = []
        if p.returncode != status:
            problems.append("exit %d, want %d" % (p.returncode, status))
        if not re.search(pattern, p.stderr):
            problems.append("no message matching %r" % pattern)
        if "internal error" in p.stderr.lower() or "qpdf" in p.stderr.lower():
            problems.append("qpdf's own text in the message")
        if after != before:
            problems.append("files left: %s" % sorted(set(after) - set(before)))
        if problems:
            raise Check("canpress %s:" % " ".join(args), *(problems + p.stderr.splitlines()[-4:]))

    def hostile_limits(self):
        """Each crafted file: preflight and impose exit 1 naming the limit."""
        expect = {
            "indexed_self": (r"Indexed.*\(limit: colour space depth\)", None),
            "deep_tree": (r"\(limit: page tree depth\)", r"\(limit: page tree depth\)"),
            "form_self": (r"form that draws itself \(limit: form depth\)", None),
            # a sanitizer build spends its 20 s of CPU before the 20,000th form use:
            # either refusal names its limit
            "form_fanout": (r"\(limit: (form uses|reading time)\)", None),
            "pattern_self": (r"\(limit: form depth\)", None),
            "inflate_bomb": (r"content of page 1 inflates to more than 64 MiB "
                             r"\(limit: decoded stream size\)", None),
            "image_bomb": (r"an image\) inflates to more than .*\(limit: decoded stream size\)",
                           None),
            "objstm_bomb": (r"an object stream at byte \d+ inflates to more than 64 MiB "
                            r"\(limit: decoded stream size\)",
                            r"an object stream at byte \d+ inflates to more than 64 MiB"),
            "kids_repeat": (r"\(limit: page tree nodes\)", r"\(limit: page tree nodes\)"),
        }
        folder = os.path.join(self.tmp, "hostile")
        os.makedirs(folder, exist_ok=True)
        for name, (pre, imp) in expect.items():
            path = name + ".pdf"
            getattr(hostile_pdfs, name)(os.path.join(folder, path))
            self.refused(["preflight", path], 1, r"error: %s: .*%s" % (path, pre), folder)
            if imp is not None:
                self.refused(["impose", path, "-o", "out.pdf"], 1,
                             r"error: %s: .*%s" % (path, imp), folder)
            os.unlink(os.path.join(folder, path))

    def size_claim(self):
        """A trailer claiming ten million objects is read like any file."""
        path = os.path.join(self.tmp, "claim.pdf")
        hostile_pdfs.size_claim(path)
        p = run([self.bin, "preflight", path])
        if p.returncode != 1 or not re.search(r"^preflight: \d+ passed", p.stdout, re.M):
            raise Check("exit %d" % p.returncode, *(p.stdout + p.stderr).splitlines()[-5:])
        out = os.path.join(self.tmp, "claim-booklet.pdf")
        tool([self.bin, "impose", path, "-o", out])
        if run(["qpdf", "--check", out]).returncode != 0:
            raise Check("the booklet of the file claiming 10 million objects fails qpdf --check")

    def not_pdfs(self):
        """Non-PDF, empty, missing, folder and FIFO inputs: exit 1, a message."""
        folder = os.path.join(self.tmp, "notpdf")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "notes.pdf"), "w") as f:
            f.write("これは PDF ではありません。\n" * 50)
        open(os.path.join(folder, "empty.pdf"), "w").close()
        os.mkdir(os.path.join(folder, "folder.pdf"))
        os.mkfifo(os.path.join(folder, "pipe.pdf"))
        # a PDF header and then nothing a reader can repair
        with open(os.path.join(folder, "broken.pdf"), "wb") as f:
            f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + b"\xff" * 300)
        cases = [("notes.pdf", r"notes\.pdf: not a PDF \(no %PDF- header"),
                 ("empty.pdf", r"empty\.pdf: the file is empty, not a PDF"),
                 ("missing.pdf", r"cannot read 'missing\.pdf': No such file"),
                 ("folder.pdf", r"'folder\.pdf' is not a regular file"),
                 ("pipe.pdf", r"'pipe\.pdf' is not a regular file"),
                 ("broken.pdf", r"broken\.pdf: (cannot read the PDF|the PDF has no page tree)")]
        for name, pattern in cases:
            self.refused(["preflight", name], 1, pattern, folder)
            self.refused(["impose", name, "-o", "out.pdf"], 1, pattern, folder)

    def encrypted(self):
        """A password-protected PDF and one with only an owner password."""
        folder = os.path.join(self.tmp, "crypt")
        os.makedirs(folder, exist_ok=True)
        plain = os.path.join(self.tmp, "plain8.pdf")
        mkpdf.numbered(plain, 8)
        tool(["qpdf", "--encrypt", "user", "owner", "256", "--", plain,
              os.path.join(folder, "locked.pdf")])
        tool(["qpdf", "--encrypt", "", "owner", "256", "--", plain,
              os.path.join(folder, "owner.pdf")])
        for name, pattern in (("locked.pdf", r"locked\.pdf: the PDF is protected by a password"),
                              ("owner.pdf", r"owner\.pdf: the PDF is encrypted")):
            self.refused(["preflight", name], 1, pattern, folder)
            self.refused(["impose", name, "-o", "out.pdf"], 1, pattern, folder)

    def numeric_options(self):
        """NaN, negative, huge and contradictory thresholds: usage, exit 2."""
        folder = os.path.join(self.tmp, "opts")
        os.makedirs(folder, exist_ok=True)
        mkpdf.numbered(os.path.join(folder, "in.pdf"), 4)
        cases = [("--tac-fail=nan", r"--tac-fail must be a number from 0 to 400 %"),
                 ("--tac-warn=-5", r"--tac-warn must be a number from 0 to 400"),
                 ("--tac-fail=1e300", r"--tac-fail must be"),
                 ("--tac-fail=inf", r"--tac-fail must be"),
                 ("--ppi-warn=0", r"--ppi-warn must be a number from 1 to 10000"),
                 ("--ppi-fail=-1", r"--ppi-fail must be"),
                 ("--bleed=nan", r"--bleed must be a number from 0 to 50"),
                 ("--bleed=1e9", r"--bleed must be"),
                 ("--tac-fail=1e999", r".*(out of range|must be)"),
                 ("--tac-warn=350", r"the warning limit must not be stricter.*--tac-warn <= --tac-fail")]
        for opt, pattern in cases:
            self.refused(["preflight", opt, "in.pdf"], 2, r"canpress preflight: " + pattern, folder)
        for opt in ("--creep=nan", "--creep=-1", "--creep=1e300"):
            self.refused(["impose", opt, "in.pdf", "-o", "out.pdf"], 2, r"--creep must be", folder)

    def impose_rotated(self):
        """A page stored landscape with /Rotate 90 is placed as a reader
        shows it: upright, at the top of its half."""
        src = os.path.join(self.tmp, "rotated-same.pdf")
        hostile_pdfs.rotated_same(src)
        out = os.path.join(self.tmp, "rotated-booklet.pdf")
        tool([self.bin, "impose", src, "-o", out])
        w, h = A4
        b = boxes(out)
        if not (near(b["MediaBox"][2], 2 * w, 0.1) and near(b["MediaBox"][3], h, 0.1)):
            raise Check("sheet is not A3 landscape: %s" % (b["MediaBox"],))
        # left binding, 4 pages: side 2 (the back) holds pages 2 | 3
        bbox = tool(["pdftotext", "-bbox", "-f", "2", "-l", "2", out, "-"])
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">PAGE02</word>', bbox)
        if len(words) != 1:
            raise Check("PAGE02 not found once on side 2", bbox[:600])
        x0, y0, x1, y1 = (float(v) for v in words[0])
        # upright: wider than tall; on the left half; near the top
        if not (x1 - x0 > 2 * (y1 - y0) and x1 <= w and y1 < 200):
            raise Check("PAGE02 at %s: not upright at the top of the left half" % (words[0],))

    def impose_sizes(self):
        """Pages of different sizes (as shown) are an error naming them."""
        folder = os.path.join(self.tmp, "sizes")
        os.makedirs(folder, exist_ok=True)
        hostile_pdfs.mixed_sizes(os.path.join(folder, "mixed.pdf"))
        hostile_pdfs.rotated(os.path.join(folder, "turned.pdf"))
        self.refused(["impose", "mixed.pdf", "-o", "out.pdf"], 1,
                     r"mixed\.pdf: 2 pages differ in size from page 1 \(210 x 297 mm.*\): "
                     r"page 3 is 148 x 210 mm, page 6 is 148 x 210 mm", folder)
        self.refused(["impose", "turned.pdf", "-o", "out.pdf"], 1,
                     r"turned\.pdf: 1 pages differ in size .*page 2 is 297 x 210 mm", folder)
        # an existing output stays as it was
        keep = os.path.join(folder, "out.pdf")
        with open(keep, "wb") as f:
            f.write(b"previous")
        p = run([self.bin, "impose", "mixed.pdf", "-o", "out.pdf"], cwd=folder)
        with open(keep, "rb") as f:
            if p.returncode != 1 or f.read() != b"previous":
                raise Check("a refused imposition touched the previous output")


CHECKS = [
    ("press_build", "build --press exits 0 and its preflight passes"),
    ("qpdf_check", "qpdf --check: screen and press PDFs are clean"),
    ("links_repaired", "a linked issue: screen keeps the link, press drops it, both pass qpdf --check"),
    ("text_extractable", "pdftotext finds every article title in the press PDF"),
    ("boxes_and_marks", "TrimBox A4, 3 mm BleedBox, sheet +15 mm, tombo in /Separation /All"),
    ("pdfx_keys", "PDF/X-1a:2001 keys, OutputIntent FOGRA39 with profile, PDF 1.3"),
    ("fonts_embedded", "pdffonts: every font embedded"),
    ("no_rgb", "no RGB or Lab: colour spaces, operators, images"),
    ("black_text_k_only", "text is 0 0 0 1 k, never rich black"),
    ("supplied_artwork", "the sample's PDF artwork: its page as a form XObject untouched, "
                         "K100 text 0 0 0 1 k, no RGB, its text extractable"),
    ("black_overprints", "K100 text overprints (/GSop), coloured text knocks out"),
    ("fills_reach_bleed", "every fill crossing the trim reaches the BleedBox within 0.01 pt"),
    ("exact_layout_cmyk", "the press CMYK operators are exactly the cmyk() colours of the list"),
    ("ink_and_ppi", "images at >= 300 ppi, image ink within the limit"),
    ("own_preflight", "canpress preflight passes the press PDF"),
    ("preflight_planted", "preflight finds each planted fault and passes the control"),
    ("pdfx4_on_request", "--pdfx=x4 --no-marks: PDF 1.6, XMP PDF/X-4, sheet = bleed box, preflight passes"),
    ("missing_profile", "a missing output profile is an error and writes nothing"),
    ("screen_jpeg_passthrough", "screen PDF: every JPEG is its source file byte for byte"),
    ("impose", "impose: signature order for left and right binding, creep, refusal"),
    ("hostile_limits", "crafted PDFs: preflight and impose exit 1 naming the limit, no stray file"),
    ("size_claim", "a trailer claiming ten million objects: preflight verdicts, impose writes"),
    ("not_pdfs", "text, empty, missing, folder, FIFO, broken: exit 1 with a message"),
    ("encrypted", "password-protected and owner-encrypted PDFs: exit 1 with a message"),
    ("numeric_options", "--tac-fail=nan, negative, huge, contradictory: usage error, exit 2"),
    ("impose_rotated", "impose: a /Rotate 90 page placed upright as a reader shows it"),
    ("impose_sizes", "impose: pages of different sizes are an error naming them"),
]


def main():
    binary = tap.canpress_arg()
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.environ.get("CP_SOURCE_DIR") or os.path.dirname(os.path.dirname(here))
    build = os.environ.get("CP_BUILD_DIR") or os.path.join(src, "build")
    os.environ.setdefault("FONTCONFIG_FILE", os.path.join(src, "fonts", "fonts.conf"))
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    os.environ.setdefault("TZ", "UTC")
    if not os.path.exists(os.path.join(build, "src", "canpress-fogra39.icc")):
        print("1..0 # SKIP no output profile in the build folder (install argyll, "
              "icc-profiles-free)")
        return 77
    only = os.environ.get("CP_PRESS_ONLY")
    checks = [c for c in CHECKS if not only or c[0] in only.split(",")]
    with tempfile.TemporaryDirectory(prefix="cp-press-") as tmp:
        return tap.run_checks(Press(binary, src, build, tmp), checks,
                              errors=(subprocess.TimeoutExpired, OSError, KeyError,
                                      ValueError, IndexError))

if __name__ == "__main__":
    sys.exit(main())
